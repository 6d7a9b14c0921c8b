// Search as a legal researcher uses it, and the /measures and /people views,
// at desktop and phone width: one hit per work with its two statuses and
// its older version, sort and scope, an exact issuer, the 更多 of a facet,
// numbered pages, a 文号 that lands on its document; measures filtered and
// downloaded; people looked up by name. Starts `gongwen serve --ingest` over
// the Wuhan corpus, the parser's fixtures and two versions of 职业教育法
// (with the law database beside them), in a fresh store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, corpus, shots, haveCorpus, serveForTests } from './serve.mjs';

const widths = [['desktop', 1280, 900], ['phone', 390, 844]];
const laws = join(corpus, '..', 'laws', '行政法');
// The parser's fixtures add the organs of an invented city: more issuers than a facet shows at first.
const fixtures = join(root, 'crates', 'gongwen-parse', 'tests', 'fixtures');
const env = serveForTests(() => [corpus, fixtures, join(laws, '职业教育法(1996-05-15).md'), join(laws, '职业教育法(2022-04-20).md')], haveCorpus);

async function newPage(width, height) {
  const context = await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  return context.newPage();
}

const total = async (page) => Number(await page.locator('#total').innerText());

async function noSidewaysScroll(page, width) {
  if (width >= 600) return;
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page does not scroll sideways at ${width} px (${overflow} px too wide)`);
}

for (const [name, width, height] of widths) {
  test(`${name}: one hit per work, sort and scope, exact issuer, more issuers, numbered pages`, { skip: !haveCorpus }, async () => {
    const page = await newPage(width, height);
    await page.goto(`${env.base}/`);
    await page.fill('form.search input[name=q]', '职业教育');
    await page.fill('form.search input[name=on]', '2025-01-01');
    await page.click('form.search button[type=submit]');
    await page.waitForSelector('li.hit');
    // The law's two versions are one hit: the 2022 text, in force and current, the 1996 one linked.
    const law = page.locator('li.hit', { has: page.locator('p.versions') });
    assert.equal(await law.count(), 1);
    assert.equal(await law.locator('.badge[data-status]').getAttribute('data-status'), 'in_force');
    assert.equal(await law.locator('.badge[data-currency]').innerText(), '现行版本');
    assert.match(await law.locator('p.versions').innerText(), /1996-05-15 版/);
    assert.match(await law.locator('.hit-meta').innerText(), /2022/);
    await page.screenshot({ path: join(shots, `search-work-${name}.png`), fullPage: true });
    await noSidewaysScroll(page, width);
    // On phones the results come before the facets.
    const [results, facets] = await Promise.all(['section.results', 'aside.facets'].map((s) => page.locator(s).boundingBox()));
    if (width < 600) assert.ok(results.y < facets.y, 'results first');
    else assert.ok(facets.x < results.x, 'facets beside the results');

    // Scope: national law only.
    await page.selectOption('form.search select[name=scope]', 'national');
    await page.click('form.search button[type=submit]');
    await page.waitForURL(/scope=national/);
    assert.ok(await page.locator('li.hit p.versions').count() === 1, 'the law is national');
    const local = await page.locator('li.hit .level').allInnerTexts();
    assert.ok(!local.includes('规范性文件'), `no local 规范性文件 among national texts: ${local}`);

    // The issuer exactly, then its family; the facet's 更多.
    await page.goto(`${env.base}/`);
    await page.fill('form.search input[name=issuer]', '武汉市人民政府');
    await page.selectOption('form.search select[name=issuer_mode]', 'exact');
    await page.click('form.search button[type=submit]');
    await page.waitForURL(/issuer_mode=exact/);
    const exact = await total(page);
    for (const meta of await page.locator('li.hit .hit-meta').allInnerTexts()) assert.match(meta, /武汉市人民政府(?!办公厅)/);
    await page.selectOption('form.search select[name=issuer_mode]', 'family');
    await page.click('form.search button[type=submit]');
    await page.waitForURL(/issuer_mode=family/);
    assert.ok(await total(page) > exact, 'the family adds the 办公厅');
    await page.goto(`${env.base}/`);
    const more = page.locator('section.facet[data-facet=issuer] details.more');
    assert.equal(await more.locator('li').first().isVisible(), false);
    await more.locator('summary').click();
    assert.equal(await more.locator('li').first().isVisible(), true);
    assert.ok(await page.locator('section.facet[data-facet=issuer] li').count() > 12);

    // Sort by 文号, then numbered pages.
    await page.goto(`${env.base}/?q=${encodeURIComponent('通知')}`);
    await page.selectOption('form.search select[name=sort]', 'doc_number');
    await page.click('form.search button[type=submit]');
    await page.waitForURL(/sort=doc_number/);
    await page.locator('nav.pager a.page', { hasText: /^3$/ }).click();
    await page.waitForURL(/page=3/);
    assert.equal(await page.locator('nav.pager [aria-current=page]').innerText(), '3');
    assert.equal(await page.locator('form.search select[name=sort]').inputValue(), 'doc_number');
    await page.screenshot({ path: join(shots, `search-pages-${name}.png`), fullPage: true });
    await noSidewaysScroll(page, width);
  });
}

test('a 文号 in any bracket lands on its document', { skip: !haveCorpus }, async () => {
  const page = await newPage(1280, 900);
  await page.goto(`${env.base}/`);
  await page.fill('form.search input[name=q]', '武政规[2024]6号');
  await page.click('form.search button[type=submit]');
  await page.waitForSelector('article.doc');
  assert.match(decodeURIComponent(page.url()), /\/doc\/武政规〔2024〕6号$/);
  assert.match(await page.locator('table.meta td.docno').innerText(), /武政规〔2024〕6号/);
});

for (const [name, width, height] of widths) {
  test(`${name}: measures by kind, beneficiary and status, grouped and ranked`, { skip: !haveCorpus }, async () => {
    const page = await newPage(width, height);
    await page.goto(`${env.base}${'/'}`);
    await page.click('header.top nav a[href="/measures"]');
    await page.waitForSelector('h1');
    assert.equal(await page.locator('h1').innerText(), '惠企措施');
    const all = Number(await page.locator('#summary').getAttribute('data-items'));
    await page.selectOption('form.filters select[name=kind]', 'grant');
    await page.fill('form.filters input[name=beneficiary]', '企业');
    await page.check('form.filters input[name=in_force]');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/kind=grant/);
    const items = Number(await page.locator('#summary').getAttribute('data-items'));
    assert.ok(items > 0 && items < all, `${items} of ${all}`);
    assert.equal(await page.locator('table.measures tbody tr:not([data-kind=grant])').count(), 0);
    // Ranked by the largest amount a document gives.
    const maxima = (await page.locator('section.doc-measures .max strong').allInnerTexts()).map((t) => parseFloat(t) || -1);
    assert.ok(maxima.length > 0 && maxima.every((m, i) => i === 0 || m <= maxima[i - 1]), maxima.join(' '));
    for (const s of await page.locator('section.doc-measures h2 .badge').evaluateAll((b) => b.map((x) => x.dataset.status))) assert.equal(s, 'in_force');
    await page.screenshot({ path: join(shots, `measures-${name}.png`), fullPage: false });
    await noSidewaysScroll(page, width);
    if (width >= 600) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.download[href^="/measures.csv"]')]);
      const file = join(shots, download.suggestedFilename());
      await download.saveAs(file);
      const csv = readFileSync(file, 'utf8');
      assert.ok(csv.startsWith('\ufeff文号,标题,发文机关,成文日期,文件状态,条目,措施类型'), csv.slice(0, 80));
      assert.equal(csv.trim().split('\n').length - 1, items, 'the download holds what the page shows');
    }
  });

  test(`${name}: people by name and organ, each linking to its source`, { skip: !haveCorpus }, async () => {
    const page = await newPage(width, height);
    await page.goto(`${env.base}/`);
    await page.click('header.top nav a[href="/people"]');
    await page.waitForSelector('table.people');
    const everyone = Number(await page.locator('#summary').getAttribute('data-rows'));
    const person = await page.locator('table.people td.person').first().innerText();
    await page.fill('form.filters input[name=name]', person);
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/name=/);
    const found = Number(await page.locator('#summary').getAttribute('data-rows'));
    assert.ok(found >= 1 && found < everyone, `${found} of ${everyone}`);
    for (const p of await page.locator('table.people td.person').allInnerTexts()) assert.ok(p.includes(person), p);
    await page.screenshot({ path: join(shots, `people-${name}.png`), fullPage: false });
    await noSidewaysScroll(page, width);
    await page.locator('table.people td.source a').first().click();
    await page.waitForSelector('article.doc');
    assert.match(page.url(), /#L\d+$/);
  });
}
