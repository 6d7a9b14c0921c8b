// The reading room as a person uses it: search, open a document, follow a
// citation, change the date and watch the status badge, download the register.
// Starts `gongwen serve --ingest` on a free loopback port over the Wuhan
// corpus and the repository's examples, in a fresh store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, corpus, shots, haveCorpus, serveForTests } from './serve.mjs';

const env = serveForTests(() => [corpus, join(root, 'examples')], haveCorpus);

async function newPage() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
  return context.newPage();
}

test('search for a phrase, see marked snippets and facets, open the document', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  await page.goto(`${env.base}/`);
  await page.fill('input[name=q]', '低空经济 飞行服务');
  await page.click('form.search button[type=submit]');
  await page.waitForSelector('li.hit');
  const first = page.locator('li.hit').first();
  assert.match(await first.locator('.hit-meta').innerText(), /武政办〔2024〕25号/);
  assert.ok(await first.locator('mark').count() > 0, 'matched words are marked');
  assert.ok(await page.locator('section.facet[data-facet=status] li').count() > 0, 'status facet shown');
  await page.screenshot({ path: join(shots, 'search.png'), fullPage: true });
  await first.locator('a.hit-title').click();
  await page.waitForSelector('article.doc');
  assert.match(await page.locator('article.doc h1').innerText(), /低空经济/);
  assert.equal(await page.locator('.status-bar .badge').getAttribute('data-status'), 'in_force');
});

test('follow a citation link to the cited document', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  await page.goto(`${env.base}/doc/${encodeURIComponent('武政规〔2024〕4号')}?on=2024-04-01`);
  await page.screenshot({ path: join(shots, 'document.png'), fullPage: false });
  assert.ok(await page.locator('section.body .cite.unresolved').count() >= 6, 'the six repealed documents are not in the store: marked');
  const link = page.locator('section.body a.cite:not(.unresolved)').first();
  const target = await link.innerText();
  assert.match(target, /摩托车管理|武政规〔2019〕21号/);
  await link.click();
  await page.waitForURL(/%E6%AD%A6%E6%94%BF%E8%A7%84%E3%80%942019%E3%80%9521%E5%8F%B7/);
  assert.match(await page.locator('table.meta td.docno').innerText(), /武政规〔2019〕21号/);
});

test('the status badge follows the date control', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  await page.goto(`${env.base}/doc/${encodeURIComponent('武政规〔2024〕6号')}`);
  const badge = page.locator('.status-bar .badge');
  await page.fill('#on', '2024-08-01');
  await page.click('form.on button[type=submit]');
  await page.waitForURL(/on=2024-08-01/);
  assert.equal(await badge.getAttribute('data-status'), 'not_yet_in_force');
  assert.equal(await badge.innerText(), '尚未施行');
  await page.fill('#on', '2024-09-01');
  await page.click('form.on button[type=submit]');
  await page.waitForURL(/on=2024-09-01/);
  assert.equal(await badge.getAttribute('data-status'), 'in_force');
  assert.equal(await badge.innerText(), '现行有效');
});

test('the register sorts and downloads as CSV', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  await page.goto(`${env.base}/register?on=2024-04-01`);
  assert.ok(await page.locator('table.register tbody tr').count() > 20);
  await page.click('table.register th a:has-text("文号")');
  await page.waitForURL(/sort=doc_number/);
  await page.screenshot({ path: join(shots, 'register.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.download')]);
  const file = join(shots, download.suggestedFilename());
  await download.saveAs(file);
  const csv = readFileSync(file, 'utf8');
  assert.match(csv.split('\n')[0], /^\ufeff文号,标题,发文机关,成文日期,施行日期,有效期至,状态$/, 'UTF-8 with a BOM, Chinese header');
  assert.match(csv, /武政规〔2024〕6号/);
});

test('the graph view shows the neighbourhood', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  await page.goto(`${env.base}/doc/${encodeURIComponent('武政规〔2024〕4号')}/graph`);
  assert.ok(await page.locator('svg.graph text').count() > 5);
  await page.screenshot({ path: join(shots, 'graph.png') });
});

test('every page works under the Content-Security-Policy: styled, no violation', { skip: !haveCorpus }, async () => {
  const page = await newPage();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  const paths = ['/', `/?q=${encodeURIComponent('低空经济')}`, `/doc/${encodeURIComponent('武政规〔2024〕4号')}`, `/doc/${encodeURIComponent('武政规〔2024〕4号')}/graph`, '/register', '/find', '/no-such-page'];
  for (const path of paths) {
    const response = await page.goto(`${env.base}${path}`);
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'none'/, path);
    assert.equal(response.headers()['x-frame-options'], 'DENY', path);
    const display = await page.evaluate(() => getComputedStyle(document.querySelector('header.top')).display);
    assert.equal(display, 'flex', `${path}: the stylesheet applies`);
  }
  assert.deepEqual(violations, []);
});
