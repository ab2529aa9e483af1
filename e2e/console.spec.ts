import { expect, test, type Page } from '@playwright/test';

// The worker page's console: a line that fits is not measured (it is one line
// high), a line that may wrap is; either way no line covers another, in normal
// and in presenter type, wide characters included.

test.use({ viewport: { width: 1280, height: 720 } });

const SOURCE = `import { getStdout } from 'wasi:cli/stdout@0.2.12';

function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

export const api = {
  say(lines) {
    for (const l of lines) print(l);
    return lines.length;
  },
};
`;
const WIT = `package demo:echo;

interface api {
  say: func(lines: list<string>) -> u32;
}

world echo {
  import wasi:cli/stdout@0.2.12;
  export api;
}
`;

const LINES = ['short line', 'x'.repeat(300), 'after the long one', '世界'.repeat(60), 'the last line'];

/** The console's lines from top to bottom: their top, height and text. */
const lines = (page: Page) =>
  page
    .getByTestId('console')
    .evaluate((c) =>
      [...c.querySelectorAll('[data-testid=console-line]')]
        .map((el) => ({ top: el.getBoundingClientRect().top, height: el.getBoundingClientRect().height, text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top),
    );

async function noLineCoversAnother(page: Page) {
  const ls = await lines(page);
  expect(ls.map((l) => l.text.slice(12))).toEqual(LINES);
  for (let i = 1; i < ls.length; i++)
    expect(ls[i]!.top, `line ${i} starts below line ${i - 1}`).toBeGreaterThanOrEqual(ls[i - 1]!.top + ls[i - 1]!.height - 0.5);
  // The lines that wrap are taller than one line; the others are one line, as high as the text's line.
  const one = ls[0]!.height;
  expect(ls[1]!.height).toBeGreaterThan(one * 1.5);
  expect(ls[3]!.height).toBeGreaterThan(one * 1.5);
  for (const i of [2, 4]) expect(ls[i]!.height).toBe(one);
  return one;
}

test('console lines that fit are one line, lines that wrap are measured, none covers another', async ({ page, request }) => {
  const b = await request.post('/api/components/build', { data: { name: 'e2e-echo', kind: 'js', source: SOURCE, wit: WIT } });
  expect([200, 201]).toContain(b.status());
  const w = `echo-${Date.now().toString(36)}`;
  expect((await request.post('/api/workers', { data: { component: 'e2e-echo', name: w } })).status()).toBe(201);
  await page.goto(`/workers/e2e-echo/${w}`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible({ timeout: 30_000 });
  // Said while the page is open: the lines arrive live.
  const r = await request.post(`/api/workers/e2e-echo/${w}/invoke-and-await`, { data: { function: 'demo:echo/api.{say}', args: [LINES] } });
  expect(r.status(), await r.text()).toBe(200);
  await expect(page.getByTestId('console-line')).toHaveCount(LINES.length);
  await expect.poll(() => noLineCoversAnother(page).catch(() => 0)).toBeGreaterThan(0);
  const normal = await noLineCoversAnother(page);

  // Presenter type: the lines are taller, and still none covers another (after a reload, the lines load first).
  await page.getByTestId('presenter-toggle').click();
  await expect.poll(async () => (await lines(page))[0]?.height ?? 0).toBeGreaterThan(normal);
  await expect.poll(() => noLineCoversAnother(page).catch(() => 0)).toBeGreaterThan(normal);
  await page.reload();
  await expect(page.getByTestId('console-line')).toHaveCount(LINES.length);
  await expect.poll(() => noLineCoversAnother(page).catch(() => 0)).toBeGreaterThan(normal);
  await page.getByTestId('presenter-toggle').click();
});
