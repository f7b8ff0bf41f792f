// The estimate on a phone and on a desktop: the cost-of-doing-nothing table fits a
// 375 px screen without sideways scrolling (its total in view), the arithmetic behind
// every figure is one click away and is the engine's (the same figures the page
// shows), and at 1280 px the score page uses the width instead of a narrow column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, gotoBooted, screenshot } from './harness.mjs';

const env = useBrowser();

/** Answers the first questions "yes" (risky or not), so the estimate has work to price. */
async function someAnswers(page) {
  await gotoBooted(page, env.server.url + '/checklist');
  const ids = await page.$$eval('li.question', (els) => els.map((li) => li.id.replace(/^q-/, '').replace(/-item$/, '')));
  for (const id of ids.slice(0, 6)) await page.click(`label[for="q-${id}-yes"]`);
}

test('at 375 px the cost of doing nothing is a list that fits, total included', async () => {
  const { page, ctx, log } = await openPage(env.browser, { viewport: { width: 375, height: 800 } });
  await someAnswers(page);
  await page.click('nav a[href="/estimate"]');
  const table = await page.$('table.do-nothing');
  await table.scrollIntoViewIfNeeded();
  const fit = await page.evaluate(() => {
    const t = document.querySelector('table.do-nothing');
    const wrap = t.closest('.table-scroll');
    const total = t.querySelector('tbody tr:last-child td.total').getBoundingClientRect();
    return {
      page: document.documentElement.scrollWidth - window.innerWidth,
      inside: wrap.scrollWidth - wrap.clientWidth,
      totalRight: total.right,
      label: getComputedStyle(t.querySelector('td.total'), '::before').content,
    };
  });
  assert.ok(fit.page <= 0, `the page scrolls sideways by ${fit.page}px`);
  assert.ok(fit.inside <= 0, `the table scrolls sideways by ${fit.inside}px`);
  assert.ok(fit.totalRight <= 375, `the 90-day total is off screen (right edge ${fit.totalRight}px)`);
  assert.equal(fit.label, '"Total"', 'each figure is named on a phone');
  await screenshot(page, 'estimate-do-nothing-375');
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('"How this is computed" shows the engine\'s arithmetic for the figures on the page', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await someAnswers(page);
  await page.click('nav a[href="/estimate"]');
  const details = page.locator('[data-testid=estimate-arithmetic]');
  assert.equal(await details.evaluate((d) => d.open), false, 'closed until asked');
  await details.locator('summary').click();
  const text = await details.textContent();
  // The likely price on the page is the one the arithmetic arrives at.
  const likely = (await page.textContent('.price.likely .price-value')).trim();
  assert.match(text, new RegExp(`Likely: [\\d.]+ days? × \\$[\\d,]+/day = ${likely.replace('$', '\\$')}\\.`));
  // The 30-day cost of doing nothing adds up to the table's total.
  const total30 = (await page.textContent('table.do-nothing tbody tr:first-child td.total')).trim();
  assert.match(text, new RegExp(`Total: ${total30.replace('$', '\\$')}\\.`));
  assert.match(text, /Support: \d+ hours a week × 30 \/ 7 days × \$[\d,]+\/hour = \$[\d,]+\./);
  // Doing it yourself: hours × your hourly value, then each fix's hours.
  assert.match(text, /Doing it yourselfAbout \d+ hours of your time × \$[\d,]+\/hour = \$[\d,]+/);
  assert.match(text, /: about \d+ hours; \d+ % of founders' own fixes like it are left incomplete\./);
  await screenshot(page, 'estimate-arithmetic-1280');
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('at 1280 px the risk page uses the width: the score beside where the risk is', async () => {
  const { page, ctx, log } = await openPage(env.browser, { viewport: { width: 1280, height: 900 } });
  await someAnswers(page);
  await page.click('nav a[href="/risk"]');
  const box = (sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { top: r.top, left: r.left, right: r.right, width: r.width }; });
  const pageBox = await box('main .risk-page');
  const score = await box('.risk-page > .score-card');
  const where = await box('.risk-page > [aria-labelledby=categories-h]');
  assert.ok(pageBox.width >= 1000, `the page is a ${pageBox.width}px column`);
  assert.ok(Math.abs(score.top - where.top) < 2 && where.left > score.right, 'the score and the categories sit side by side');
  await screenshot(page, 'risk-wide-1280');
  // At 375 px the same page is one column, and nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  const narrow = { score: await box('.risk-page > .score-card'), where: await box('.risk-page > [aria-labelledby=categories-h]') };
  assert.ok(narrow.where.top > narrow.score.top, 'one column on a phone');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
