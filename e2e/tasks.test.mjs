// The task ledger as a 督查室 uses it, at desktop and phone width: filter by
// unit, role and deadline, see overdue tasks flagged, follow a task to its
// row on the document's page, download the list as CSV and as a calendar.
// Starts `gongwen serve --ingest` on a free loopback port over the Wuhan
// corpus, in a fresh store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpus, shots, haveCorpus, serveForTests } from './serve.mjs';

const widths = [['desktop', 1280, 900], ['phone', 390, 844]];
const env = serveForTests(() => [corpus], haveCorpus);

async function newPage(width, height) {
  const context = await env.browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  return context.newPage();
}

const number = async (page, id) => Number(await page.locator(`#${id}`).innerText());

for (const [name, width, height] of widths) {
  test(`${name}: filter the ledger by unit, role and deadline; overdue tasks are flagged`, { skip: !haveCorpus }, async () => {
    const page = await newPage(width, height);
    await page.goto(`${env.base}/tasks`);
    assert.equal(await page.locator('h1').innerText(), '任务督办');
    const all = await number(page, 'total');
    assert.ok(all > 100, `the corpus has many tasks: ${all}`);
    // What must 市司法局 finish by the end of 2024, as seen on 2024-06-01?
    await page.fill('form.tasks input[name=unit]', '市司法局');
    await page.fill('form.tasks input[name=due_before]', '2024-12-31');
    await page.fill('form.tasks input[name=on]', '2024-06-01');
    await page.click('form.tasks button[type=submit]');
    await page.waitForURL(/unit=/);
    assert.equal(await number(page, 'total'), 2);
    const rows = page.locator('table.ledger tbody tr');
    assert.equal(await rows.count(), 2);
    for (let i = 0; i < 2; i++) {
      assert.match(await rows.nth(i).locator('td.doc').innerText(), /武政〔2021〕23号/);
      assert.match(await rows.nth(i).locator('td.deadline').innerText(), /2022-12-31/);
    }
    // Overdue: the deadline has passed while the document is in force.
    const overdue = await number(page, 'overdue');
    const live = await page.locator('table.ledger tbody tr .badge[data-status=in_force]').count();
    assert.equal(overdue, live, 'every task of a live document past 2022-12-31 is overdue on 2024-06-01');
    assert.equal(await page.locator('table.ledger tbody tr[data-overdue=true] span.overdue').count(), overdue);
    // Only overdue, in one role.
    await page.check('form.tasks input[name=overdue]');
    await page.selectOption('form.tasks select[name=role]', 'lead');
    await page.click('form.tasks button[type=submit]');
    await page.waitForURL(/overdue=1/);
    const lead = await number(page, 'total');
    assert.ok(lead <= overdue);
    assert.equal(await page.locator('table.ledger tbody tr[data-overdue=false]').count(), 0);
    await page.screenshot({ path: join(shots, `tasks-${name}.png`), fullPage: true });
    if (width < 600) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page does not scroll sideways at ${width} px (${overflow} px too wide); the table scrolls in its box`);
    }
  });
}

test('a task links to its row on the document page', { skip: !haveCorpus }, async () => {
  const page = await newPage(1280, 900);
  await page.goto(`${env.base}/tasks?unit=${encodeURIComponent('市司法局')}&due_before=2024-12-31`);
  const link = page.locator('table.ledger tbody tr td.node a').first();
  const href = await link.getAttribute('href');
  const anchor = href.split('#')[1];
  assert.match(anchor, /^task-\d+$/);
  await link.click();
  await page.waitForSelector('article.doc');
  assert.ok(await page.locator(`tr#${anchor}`).count() === 1, `${anchor} is a row of the document's task table`);
  assert.match(await page.locator('table.meta td.docno').innerText(), /武政〔2021〕23号/);
});

test('the filtered ledger downloads as CSV with a BOM and as a calendar', { skip: !haveCorpus }, async () => {
  const page = await newPage(1280, 900);
  await page.goto(`${env.base}/tasks?unit=${encodeURIComponent('市司法局')}&due_before=2024-12-31&on=2024-06-01`);
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('a.download[href^="/tasks.csv"]')]);
  const csvFile = join(shots, csvDownload.suggestedFilename());
  await csvDownload.saveAs(csvFile);
  const csv = readFileSync(csvFile, 'utf8');
  assert.ok(csv.startsWith('\ufeff文号,标题,条目,任务,牵头单位'), csv.slice(0, 80));
  assert.equal(csv.split('\n').filter((l) => l.startsWith('武政〔2021〕23号,')).length, 2, 'the two tasks');
  const [icsDownload] = await Promise.all([page.waitForEvent('download'), page.click('a.download[href^="/tasks.ics"]')]);
  const icsFile = join(shots, icsDownload.suggestedFilename());
  await icsDownload.saveAs(icsFile);
  const ics = readFileSync(icsFile, 'utf8');
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.equal((ics.match(/BEGIN:VEVENT/g) ?? []).length, 2);
  assert.match(ics, /DTSTART;VALUE=DATE:20221231/);
});

test('the print stylesheet hides navigation and forms', { skip: !haveCorpus }, async () => {
  const page = await newPage(1280, 900);
  await page.goto(`${env.base}/tasks?unit=${encodeURIComponent('市司法局')}`);
  await page.emulateMedia({ media: 'print' });
  for (const selector of ['header.top', 'form.tasks', '.downloads']) {
    assert.equal(await page.evaluate((s) => getComputedStyle(document.querySelector(s)).display, selector), 'none', selector);
  }
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.querySelector('table.ledger')).display), 'none');
});
