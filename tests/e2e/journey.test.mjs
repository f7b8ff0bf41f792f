// A founder's journey in a real browser: choose a profile, answer by keyboard and
// mouse, watch the verdict; scan a .env and an Express config and see the score move;
// download the report; reload and find the answers; open the share link in a fresh
// browser and find them again — with no request leaving the page after boot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, openPage, gotoBooted, screenshot, sent } from './harness.mjs';
import { envFile, expressReflecting } from './fakes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PROFILE = 'cursor-b2b'; // seed 004: two or more risks → sprint

/** The profile's questions with their risky answer, from the engine itself. */
function questions(profile) {
  const cli = join(root, 'target', 'debug', 'shipcheck');
  const out = execFileSync(cli, ['assess', '--list-questions', '--profile', profile, '--format', 'json']);
  return JSON.parse(out).questions;
}
const safe = (q) => (q.risky_answer === 'yes' ? 'no' : 'yes');

const env = useBrowser();

test('checklist → verdict → scan → score moves → report → reload → share link', async () => {
  const qs = questions(PROFILE);
  assert.equal(qs.length, 10);
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/checklist');
  const requestsAtBoot = log.requests.length;
  const hitsAtBoot = env.server.hits.length;

  // Choose the profile with the keyboard: focus a profile radio, arrow to ours.
  await page.check(`#profile-${PROFILE}`);
  assert.equal(await page.isChecked(`#profile-${PROFILE}`), true);

  // Answer the first question by keyboard only: focus its "yes" radio, then arrow keys.
  const [q1, ...rest] = qs;
  await page.focus(`#q-${q1.id}-yes`);
  await page.keyboard.press('Space');
  if (safe(q1) === 'no') await page.keyboard.press('ArrowRight');
  assert.equal(await page.isChecked(`#q-${q1.id}-${safe(q1)}`), true, 'keyboard answering failed');

  // Everything else safe but one risky answer: k−1 risks → not yet a sprint (DIY first, with its plan).
  for (const q of rest.slice(1)) await page.check(`#q-${q.id}-${safe(q)}`);
  await page.check(`#q-${rest[0].id}-${rest[0].risky_answer}`);
  // The situation questions (after the checklist) still open: no verdict yet.
  assert.equal(await page.getAttribute('.verdict-label', 'data-verdict'), 'not-decided');
  const groups = await page.$$eval('.screen-group', (els) => els.map((e) => e.id.replace(/-item$/, '')));
  assert.ok(groups.length >= 2 && groups.length <= 3, `situation questions: ${groups}`);
  for (const g of groups) await page.check(`#${g}-no`);
  assert.equal(await page.getAttribute('.verdict-label', 'data-verdict'), 'diy');
  const plan = await page.$$eval('.verdict-panel ol li', (li) => li.length);
  assert.ok(plan >= 3, `the DIY plan should be listed as steps, found ${plan}`);

  // A second risk (as "not sure") makes it a sprint, with the rule among the reasons.
  await page.check(`#q-${rest[1].id}-unsure`);
  assert.equal(await page.getAttribute('.verdict-label', 'data-verdict'), 'sprint');
  assert.match(await page.textContent('.verdict-panel'), /two or more/i);
  const booking = page.locator('.verdict-panel a[href^="https://"]');
  assert.equal(await booking.getAttribute('rel'), 'noopener noreferrer');
  await screenshot(page, 'journey-checklist-1280');

  await page.click('nav a[href="/risk"]');
  const scoreBefore = Number(await page.textContent('.gauge-score'));

  // Scan a .env with a Supabase service_role key and an Express config reflecting origins.
  const dotenv = envFile();
  await page.click('nav a[href="/scan"]');
  await page.fill('#paste', `${dotenv.text}\n${expressReflecting}`);
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('.findings', { timeout: 60000 });
  const rules = await page.$$eval('.finding-row .rule-id', (els) => els.map((e) => e.textContent));
  assert.ok(rules.includes('supabase-service-role-key'), rules.join(', '));
  assert.ok(rules.includes('cors-reflected-origin-with-credentials'), rules.join(', '));

  await page.click('nav a[href="/risk"]');
  const scoreAfter = Number(await page.textContent('.gauge-score'));
  assert.ok(scoreAfter > scoreBefore, `score should rise with the findings: ${scoreBefore} → ${scoreAfter}`);

  // The report: download the Markdown.
  await page.click('nav a[href="/report"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download Markdown')]);
  const md = readFileSync(await download.path(), 'utf8');
  assert.match(md, /Verdict: \*\*Rescue sprint\*\*/);
  assert.match(md, /Supabase service_role key/);
  assert.ok(!md.includes(dotenv.serviceRole.slice(12)), 'the report holds the key in full');
  const shareLink = (await page.textContent('.share-link pre code')).trim();
  assert.match(shareLink, /\/report#/);

  // Storage holds the answers, never the pasted text or findings.
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.match(stored, new RegExp(rest[0].id));
  for (const leak of [dotenv.serviceRole.slice(12), dotenv.stripe.slice(12), 'supabase-service-role-key', 'origin: true']) {
    assert.ok(!stored.includes(leak), `localStorage holds ${leak}`);
  }

  assert.deepEqual(sent(log.requests.slice(requestsAtBoot)), [], 'a request left the page after boot');
  assert.deepEqual(env.server.hits.slice(hitsAtBoot), [], 'the server saw a request after boot');

  // Reload: the answers are back, the scan (file contents, findings) is not.
  await page.goto(env.server.url + '/checklist');
  await page.waitForSelector('[data-privacy="locked"]');
  assert.equal(await page.isChecked(`#profile-${PROFILE}`), true);
  assert.equal(await page.isChecked(`#q-${rest[0].id}-${rest[0].risky_answer}`), true);
  assert.equal(await page.isChecked(`#q-${rest[1].id}-unsure`), true);
  assert.equal(await page.getAttribute('.verdict-label', 'data-verdict'), 'sprint');
  await page.click('nav a[href="/scan"]');
  assert.equal(await page.inputValue('#paste'), '', 'pasted text must not survive a reload');
  assert.equal(await page.$('.findings'), null);
  assert.deepEqual(log.errors, []);
  await ctx.close();

  // The share link in a fresh browser context (empty storage) restores the answers.
  const fresh = await env.browser.newContext({ viewport: { width: 375, height: 800 } });
  const { page: other, log: otherLog } = await openPage(env.browser, { context: fresh });
  await gotoBooted(other, shareLink);
  assert.match(await other.textContent('.notices'), /restored from the shared link/);
  assert.equal(await other.textContent('[data-testid=report-verdict]'), 'Rescue sprint');
  assert.equal(new URL(other.url()).hash, '', 'the fragment is removed from the address bar once read');
  await other.click('nav a[href="/checklist"]');
  assert.equal(await other.isChecked(`#q-${rest[0].id}-${rest[0].risky_answer}`), true);
  assert.equal(await other.isChecked(`#q-${rest[1].id}-unsure`), true);
  assert.deepEqual(otherLog.errors, []);
  await fresh.close();
});

test('clear my data wipes the saved answers', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/checklist');
  const q = questions('full')[0];
  await page.check(`#q-${q.id}-unsure`);
  assert.ok(await page.evaluate(() => localStorage.length) > 0);
  await page.click('text=Clear my data');
  await page.click('text=Yes, clear my data');
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.equal(await page.isChecked(`#q-${q.id}-unsure`), false);
  await page.reload();
  await page.waitForSelector('[data-privacy="locked"]');
  assert.equal(await page.isChecked(`#q-${q.id}-unsure`), false);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('corrupt saved data is ignored with a message and the page works', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/');
  await page.evaluate(() => localStorage.setItem('shipcheck.state', '{"version": 1, "profile": 42, "answers": ['));
  await page.goto(env.server.url + '/checklist');
  await page.waitForSelector('[data-privacy="locked"]');
  assert.match(await page.textContent('.notices'), /could not be read|saved answers/i);
  const q = questions('full')[0];
  await page.check(`#q-${q.id}-no`);
  assert.equal(await page.isChecked(`#q-${q.id}-no`), true);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('every page at 1280 px and 375 px, after a scan, for the record', async () => {
  for (const width of [1280, 375]) {
    const { page, ctx, log } = await openPage(env.browser, { viewport: { width, height: 900 } });
    await gotoBooted(page, env.server.url + '/scan');
    await page.fill('#paste', `${envFile().text}\n${expressReflecting}`);
    await page.click('.scan-actions button.primary');
    await page.waitForSelector('.findings', { timeout: 60000 });
    for (const path of ['/', '/checklist', '/risk', '/readiness', '/estimate', '/scan', '/report']) {
      await page.click(path === '/' ? 'a.brand' : `nav a[href="${path}"]`);
      await page.waitForSelector('main h1');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} at ${width}px overflows by ${overflow}px`);
      await screenshot(page, `page${path === '/' ? '-home' : path.replace('/', '-')}-${width}`);
    }
    assert.deepEqual(log.errors, []);
    await ctx.close();
  }
});
