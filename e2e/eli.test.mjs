// Stable addresses as a reader uses them (issue 15): open a law at its
// /eli/ address, follow an article anchor, copy its citation, open the
// 新旧对照 of two versions from the version list; at 1280 px and 390 px.
// The same addresses answer through the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { root, shots, serveForTests } from './serve.mjs';

const laws = join(root, '..', 'shared', 'corpus', 'laws');
const haveLaws = existsSync(laws);
if (!haveLaws && process.env.CI === 'true') throw new Error(`CI=true but the shared laws are missing at ${laws}`);
const work = '/eli/cn/law/中华人民共和国职业教育法';
const href = (address) => address.split('/').map(encodeURIComponent).join('/');

const env = serveForTests(() => [
  join(laws, '行政法', '职业教育法(1996-05-15).md'),
  join(laws, '行政法', '职业教育法(2022-04-20).md'),
  join(laws, '经济法', '产品质量法(2018-12-29).md'),
], haveLaws);

async function newPage(width) {
  const context = await env.browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.base });
  return context.newPage();
}

for (const width of [1280, 390]) {
  test(`a law at its address: anchor, copy-citation, 新旧对照 (${width} px)`, { skip: !haveLaws }, async () => {
    const page = await newPage(width);
    await page.goto(`${env.base}${href(work)}`);
    assert.equal(await page.locator('article.work h1').innerText(), '中华人民共和国职业教育法');
    assert.equal(await page.locator('.status-bar [data-currency]').getAttribute('data-currency'), 'current');
    await page.screenshot({ path: join(shots, `eli-work-${width}.png`), fullPage: false });

    // The article's anchor: the address bar carries it, the article is in view.
    const art = page.locator('p#art_13');
    await art.locator('a.anchor').click();
    await page.waitForURL(/#art_13$/);
    assert.match(await art.innerText(), /第十三条/);
    const box = await art.boundingBox();
    assert.ok(box && box.y > -5 && box.y < 900, `article 13 in view (y=${box?.y})`);

    // Copy the citation: the button says so and the clipboard holds it.
    const button = art.locator('button.cite-copy');
    assert.equal(await button.getAttribute('data-cite'), '《中华人民共和国职业教育法》第十三条');
    await button.click();
    await page.waitForSelector('p#art_13 button.cite-copy[data-copied]');
    assert.equal(await button.innerText(), '已复制');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `《中华人民共和国职业教育法》第十三条 ${env.base}${href(work)}/art_13`);
    await page.screenshot({ path: join(shots, `eli-article-${width}.png`), fullPage: false });

    // The article's own address lands on the same anchor.
    await page.goto(`${env.base}${href(work)}/art_13`);
    await page.waitForURL((url) => url.pathname === href(work) && url.hash === '#art_13');

    // An old version: the work is in force, this text is not the current one.
    await page.goto(`${env.base}${href(work)}/1996-05-15`);
    assert.equal(await page.locator('.status-bar [data-status]').getAttribute('data-status'), 'in_force');
    assert.equal(await page.locator('.status-bar [data-currency]').getAttribute('data-currency'), 'superseded');
    // Its document page says the same, and its metadata labels stay on one line at either width.
    await page.locator('a', { hasText: '本文件的详情' }).first().click();
    await page.waitForSelector('article.doc table.meta');
    assert.equal(await page.locator('.status-bar [data-status]').first().getAttribute('data-status'), 'in_force');
    assert.equal(await page.locator('.status-bar [data-currency]').getAttribute('data-currency'), 'superseded');
    const labelLines = await page.locator('table.meta th').evaluateAll((ths) => ths.map((t) => {
      const r = document.createRange();
      r.selectNodeContents(t);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
    }));
    assert.ok(labelLines.every((n) => n === 1), `labels on one line: ${labelLines}`);
    await page.screenshot({ path: join(shots, `eli-old-version-document-${width}.png`), fullPage: false });
    // 产品质量法: its amendments (修改沿革) in order; only the last one's text is held.
    await page.goto(`${env.base}${href('/eli/cn/law/中华人民共和国产品质量法')}`);
    const steps = await page.locator('ol.amendments li').allInnerTexts();
    assert.deepEqual(steps.map((s) => s.slice(0, 10)), ['2000-07-08', '2009-08-27', '2018-12-29']);
    assert.equal(await page.locator('ol.amendments li a').count(), 1, 'only the 2018 version is stored');

    // 新旧对照 from the version list.
    await page.goto(`${env.base}${href(work)}`);
    await page.locator('section.versions a.compare-link').first().click();
    await page.waitForSelector('.cmp-row[data-change=changed]');
    assert.match(await page.locator('h1').innerText(), /新旧对照/);
    assert.ok(await page.locator('.cmp ins').count() > 0, 'insertions marked');
    assert.ok(await page.locator('.cmp del').count() > 0, 'deletions marked');
    const folded = page.locator('details.cmp-same');
    if (await folded.count() > 0) {
      assert.equal(await folded.first().getAttribute('open'), null, 'unchanged articles folded');
    }
    await page.screenshot({ path: join(shots, `eli-compare-${width}.png`), fullPage: false });
    // At 390 px the two columns stack and nothing overflows sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal overflow (${overflow}px)`);
    await page.context().close();
  });
}

test('/eli addresses round-trip through the API', { skip: !haveLaws }, async () => {
  const get = async (path) => {
    const [p, q] = path.split('?');
    const r = await fetch(`${env.base}${href(p)}${q ? `?${q}` : ''}`);
    assert.equal(r.status, 200, path);
    return r.json();
  };
  const w = await get(`/api${work}`);
  assert.equal(w.report.work.eli, work);
  const version = w.version.eli;
  assert.equal(version, `${work}/2022-04-20`);
  const v = await get(`/api${version}`);
  assert.equal(v.version.eli, version);
  const a = await get(`/api${version}/art_13`);
  assert.equal(a.node.citation, '《中华人民共和国职业教育法》第十三条');
  const old = await get(`/api${work}/1996-05-15`);
  assert.equal(old.version.currency, 'superseded');
  const cmp = await get(`/api${work}/compare?old=1996-05-15&new=2022-04-20`);
  assert.equal(cmp.old.eli, `${work}/1996-05-15`);
  assert.equal(cmp.new.eli, version);
  // Every address the comparison names answers.
  for (const side of [cmp.old.eli, cmp.new.eli]) assert.ok((await get(`/api${side}`)).version);
});
