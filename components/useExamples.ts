'use client';

import { useEffect, useState } from 'react';
import { examplesClient, type Example } from './api';

/** Examples from GET /api/examples, or the server-rendered fallback read from examples/. */
export function useExamples(fallback: Example[]): Example[] {
  const [examples, setExamples] = useState(fallback);
  useEffect(() => {
    let live = true;
    examplesClient
      .list()
      .then((r) => {
        if (live && Array.isArray(r?.examples) && r.examples.length > 0) setExamples(r.examples);
      })
      .catch(() => {
        /* not there yet: keep the fallback */
      });
    return () => {
      live = false;
    };
  }, []);
  return examples;
}
