// Where a value came from, in the browser, at desktop and phone width: a
// gazette PDF (generated in the repo) and, with the shared corpus, a real
// joint 公文 PDF are served; a document's page shows the pages it was printed
// on, a page mark where a new page begins and the page of each measure; its
// 来源 link opens the file as gongwen read it, at the document's first line,
// its lines highlighted and each page marked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { root, corpus, shots, serveForTests } from './serve.mjs';

const widths = [['desktop', 1280, 900], ['phone', 390, 844]];
const gazette = join(root, 'crates', 'gongwen-pdf', 'tests', 'fixtures', 'gazette-A.pdf');
const govdoc = join(corpus, '..', 'beyond', 'pdf', 'govdoc-cn_397.pdf');
const env = serveForTests(() => existsSync(govdoc) ? [gazette, govdoc] : [gazette]);

async function newPage(width, height) {
  const context = await env.browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  return context.newPage();
}

for (const [name, width, height] of widths) {
  test(`${name}: a PDF document shows its pages and opens its source at its lines`, async () => {
    const page = await newPage(width, height);
    await page.goto(`${env.base}/doc/${encodeURIComponent('襄政规〔2023〕3号')}`);
    const meta = page.locator('table.meta');
    assert.match(await meta.innerText(), /页码\s*第1–2页/);
    // The body marks where page 2 begins; the measures table gives each item's page.
    assert.ok(await page.locator('section.body div.page-mark[data-page="2"]').count() >= 1);
    assert.match(await page.locator('#measures').innerText(), /第2页/);
    // No server path: the source is named by its file.
    const link = meta.locator('a.source');
    assert.equal(await link.innerText(), 'gazette-A.pdf');
    assert.doesNotMatch(await meta.innerText(), /\/tmp\/|fixtures/);
    await page.screenshot({ path: join(shots, `doc-pages-${name}.png`), fullPage: true });

    await link.click();
    await page.waitForURL(/\/source\?n=1#L\d+/);
    assert.match(await page.locator('h1').innerText(), /来源：gazette-A\.pdf/);
    const first = Number(/#L(\d+)/.exec(page.url())[1]);
    const target = page.locator(`#L${first}`);
    assert.equal(await target.getAttribute('class'), 'in-doc');
    assert.ok(await target.isVisible());
    assert.ok(await page.locator('li.page-mark').count() >= 3, 'every page of the gazette is marked');
    assert.ok(await page.locator('li.in-doc').count() > 10, 'the document is highlighted');
    // Lines wrap rather than widen the page at phone width.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
    await page.screenshot({ path: join(shots, `source-${name}.png`) });
    await page.context().close();
  });
}

test('the real joint notice PDF links to its source on page 1', { skip: !existsSync(govdoc) }, async () => {
  const page = await newPage(1280, 900);
  await page.goto(`${env.base}/doc/${encodeURIComponent('发改办财金规〔2019〕860号')}`);
  assert.match(await page.locator('table.meta').innerText(), /页码\s*第1/);
  await page.locator('table.meta a.source').click();
  await page.waitForURL(/\/source\?n=1/);
  assert.equal(await page.locator('li.page-mark').first().innerText(), '第1页');
  await page.context().close();
});
