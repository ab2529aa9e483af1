import { expect, test } from '@playwright/test';

// Text beyond ASCII end to end: in the component's source (comments, string
// literals, WIT docs), in arguments and results through the HTTP API, in what
// the guest prints, and on the worker's page. Names stay ASCII (they are URL
// path segments): a non-ASCII name is refused with a message that says so.

const TEXT = 'Grüße, 世界! ½ € — 🎉 נ';

const SOURCE = `// Grüße aus dem Gast: ein Kommentar mit Umlauten, 漢字 und 🎉.
import { getStdout } from 'wasi:cli/stdout@0.2.12';

// No TextEncoder in the guest: encodeURIComponent writes UTF-8 as %XX escapes, unescape makes each one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

export const api = {
  greet(who) {
    const line = 'Hallo, ' + who + ' — ✓';
    print('gedruckt: ' + line);
    return { text: line, chars: [...who].length };
  },
};
`;
const WIT = `package demo:unicode;

interface api {
  record greeting { text: string, chars: u32 }
  /// Begrüßt jemanden (ein Doc-Kommentar mit ✓).
  greet: func(who: string) -> greeting;
}

world unicode {
  import wasi:cli/stdout@0.2.12;
  export api;
}
`;

test('unicode in source, arguments, results and output survives every hop', async ({ page, request }) => {
  const component = `e2e-unicode-${Date.now().toString(36)}`;
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'js', source: SOURCE, wit: WIT } });
  expect(build.status(), await build.text()).toBe(201);
  const stored = await request.get(`/api/components/${component}/versions/1`);
  expect(stored.ok()).toBe(true);
  expect(JSON.stringify(await stored.json())).toContain('Grüße aus dem Gast: ein Kommentar mit Umlauten, 漢字 und 🎉.');

  const badName = await request.post('/api/workers', { data: { component, name: 'wörker' } });
  expect(badName.status()).toBe(400);
  expect((await badName.json()).error).toContain('invalid worker name "wörker"');

  expect((await request.post('/api/workers', { data: { component, name: 'w' } })).status()).toBe(201);
  const r = await request.post(`/api/workers/${component}/w/invoke-and-await`, { data: { function: 'api.greet', args: [TEXT] } });
  expect(r.status(), await r.text()).toBe(200);
  expect((await r.json()).result).toEqual({ text: `Hallo, ${TEXT} — ✓`, chars: [...TEXT].length });

  // The worker page shows the printed line and the result as they were, also after a replay.
  const kill = await request.post(`/api/workers/${component}/w/kill`, { data: {} });
  expect(kill.ok(), await kill.text()).toBe(true);
  await page.goto(`/workers/${component}/w`);
  await expect(page.getByTestId('timeline-summary').filter({ hasText: `gedruckt: Hallo, ${TEXT} — ✓` })).toHaveCount(1);
  await page.getByTestId('timeline-row').filter({ hasText: 'gedruckt' }).click();
  await expect(page.getByTestId('entry-detail')).toContainText(`gedruckt: Hallo, ${TEXT} — ✓`);
  const again = await request.post(`/api/workers/${component}/w/invoke-and-await`, { data: { function: 'api.greet', args: ['😀'] } });
  expect((await again.json()).result).toEqual({ text: 'Hallo, 😀 — ✓', chars: 1 });
});
