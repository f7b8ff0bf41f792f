// Issue 16 in a real browser: with nothing answered no page states a verdict, a grade
// or "ready"; a share link opened over the founder's own answers asks before
// replacing them (and replaces nothing until asked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBrowser, openPage, gotoBooted, screenshot, ROUTES, ARTIFACTS } from './harness.mjs';
import { envFile, expressReflecting } from './fakes.mjs';

const env = useBrowser();

test('with nothing answered, no page states a verdict, a grade or "ready"', async () => {
  for (const width of [1280, 375]) {
    const { page, ctx, log } = await openPage(env.browser, { viewport: { width, height: 900 } });
    for (const path of ROUTES) {
      await gotoBooted(page, env.server.url + path);
      const verdicts = await page.$$eval('[data-verdict]', (els) => els.map((e) => e.dataset.verdict));
      assert.deepEqual(verdicts.filter((v) => v !== 'not-decided'), [], `${path}: a verdict is stated`);
      const overall = await page.$$eval('[data-overall]', (els) => els.map((e) => e.dataset.overall));
      assert.deepEqual(overall.filter((v) => v !== 'not-assessed'), [], `${path}: readiness is stated`);
      const text = await page.innerText('main');
      assert.doesNotMatch(text, /\bgrade [A-F]\b/i, `${path}: a grade is stated`);
      // The engine's words for a stated readiness (a question such as "are you ready to
      // launch?" is not a statement, so the match is on the result's capitalised words).
      assert.doesNotMatch(text, /Ready to launch|Ready, with risks|[Rr]eadiness: (ready|not ready)/, `${path}: "ready" is stated`);
      for (const label of ['Rescue sprint', 'DIY first']) {
        assert.ok(!(await page.$(`.verdict-label:has-text("${label}")`)), `${path}: ${label}`);
      }
      // Every page shows where the founder is and what comes next.
      assert.ok(await page.$('nav.steps'), `${path}: no step indicator`);
      assert.ok(await page.$('.next-step a'), `${path}: no next step`);
      if (width === 375) await screenshot(page, `blank${path === '/' ? '-home' : path.replace('/', '-')}-375`);
    }
    assert.deepEqual(log.errors, []);
    await ctx.close();
  }
});

test('a share link asks before replacing the founder\'s answers', async () => {
  // Someone else's assessment: one question answered "yes", read from their report.
  const { page: theirs, ctx: theirCtx } = await openPage(env.browser);
  await gotoBooted(theirs, env.server.url + '/checklist');
  const theirQuestion = await theirs.getAttribute('ol.questions li.question:nth-child(2)', 'id');
  const theirId = theirQuestion.replace(/^q-/, '').replace(/-item$/, '');
  await theirs.check(`#q-${theirId}-yes`);
  await theirs.click('nav a[href="/report"]');
  const link = (await theirs.textContent('.share-link pre code')).trim();
  await theirCtx.close();

  // The founder's own: the first question answered "not sure", saved.
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/checklist');
  const myQuestion = await page.getAttribute('ol.questions li.question:nth-child(1)', 'id');
  const myId = myQuestion.replace(/^q-/, '').replace(/-item$/, '');
  await page.check(`#q-${myId}-unsure`);
  const saved = await page.evaluate(() => localStorage.getItem('shipcheck.state'));
  assert.ok(saved, 'the answer is saved');

  // Open the link: a banner asks; the saved answers are untouched; the page is read-only.
  await gotoBooted(page, link);
  await page.waitForSelector('.shared-banner');
  assert.match(await page.textContent('.shared-banner'), /viewing a shared assessment/);
  assert.equal(await page.evaluate(() => localStorage.getItem('shipcheck.state')), saved, 'replaced silently');
  await screenshot(page, 'shared-banner-1280');
  await page.click('nav a[href="/checklist"]');
  assert.equal(await page.isChecked(`#q-${theirId}-yes`), true, 'the shared answers are shown');
  assert.equal(await page.isDisabled(`#q-${theirId}-no`), true, 'read-only while viewing');
  assert.equal(await page.evaluate(() => localStorage.getItem('shipcheck.state')), saved);

  // Keep mine: the shared view closes, the founder's answers are back, unchanged.
  await page.click('.shared-banner .keep-mine');
  assert.equal(await page.$('.shared-banner'), null);
  assert.equal(await page.isChecked(`#q-${myId}-unsure`), true);
  assert.equal(await page.isChecked(`#q-${theirId}-yes`), false);
  assert.equal(await page.evaluate(() => localStorage.getItem('shipcheck.state')), saved);

  // Replace mine: the shared answers become the founder's, and are saved.
  await gotoBooted(page, link);
  await page.click('.shared-banner .replace-mine');
  assert.equal(await page.$('.shared-banner'), null);
  await page.click('nav a[href="/checklist"]');
  assert.equal(await page.isChecked(`#q-${theirId}-yes`), true);
  assert.equal(await page.isChecked(`#q-${myId}-unsure`), false);
  const after = await page.evaluate(() => localStorage.getItem('shipcheck.state'));
  assert.notEqual(after, saved, 'replace-mine saves the shared answers');
  assert.match(after, new RegExp(theirId));
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('the report prints in at most three pages, titled with the app name', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/checklist');
  // Every question answered "not sure" (each one a risk), the situation answered "no".
  const ids = await page.$$eval('ol.questions li.question', (els) => els.map((e) => e.id.replace(/^q-/, '').replace(/-item$/, '')));
  for (const id of ids) await page.check(`#q-${id}-unsure`);
  const groups = await page.$$eval('.screen-group', (els) => els.map((e) => e.id.replace(/-item$/, '')));
  for (const g of groups) await page.check(`#${g}-no`);
  await page.click('nav a[href="/scan"]');
  await page.fill('#paste', `${envFile().text}\n${expressReflecting}`);
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('.findings', { timeout: 60000 });
  await page.click('nav a[href="/report"]');
  await page.fill('#app-name', 'Acme CRM');
  assert.equal((await page.textContent('main h1')).trim(), 'Acme CRM: launch report');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'report-print.pdf'), pdf);
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 3, `the printed report is ${pages} pages`);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
