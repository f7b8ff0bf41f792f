// Issue 16, the scan side, in a real browser: scans add up (a second file keeps the
// first's findings; files can be forgotten one by one), the same key found thirty
// times is one finding "×30" on /scan, /risk and /report, a PNG-only scan is never
// green, a value ignored as a placeholder is said, /risk and /report name the same
// blockers, and a finding marked fixed shows as gone once a re-scan no longer finds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, gotoBooted, screenshot, sent } from './harness.mjs';
import { envFile, expressReflecting, bundle, stripeLiveKey, supabaseKey, supabaseRef } from './fakes.mjs';

const env = useBrowser();

async function scanPage() {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/scan');
  const requestsAtBoot = log.requests.length;
  const nothingSent = () => assert.deepEqual(sent(log.requests.slice(requestsAtBoot)), [], 'requests after boot');
  return { page, ctx, log, nothingSent };
}

/** Drops files and scans them; waits for this scan's end (the button's scan count). */
async function scanFiles(page, files) {
  await page.setInputFiles('#file-pick', files.map(([name, text]) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })));
  // The last scan's status line goes while a scan runs: wait for a new one.
  await page.$$eval('[data-testid=scan-done]', (els) => els.forEach((e) => { e.dataset.old = '1'; }));
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('[data-testid=scan-done]:not([data-old])', { timeout: 60000 });
  await page.waitForSelector('[data-testid=scan-summary]');
}

const rowTitles = (page) => page.$$eval('.finding-row .finding-title', (els) => els.map((e) => e.textContent));
const scannedNames = (page) => page.$$eval('[data-testid=scanned-files] li code', (els) => els.map((e) => e.textContent));

test('a service_role key in the bundle: /risk and /report name the same blockers, and the launch-blocker category is not zero', async () => {
  const { page, ctx, log, nothingSent } = await scanPage();
  const serviceRole = supabaseKey('service_role', supabaseRef());
  await scanFiles(page, [['index-4f3a9c.js', `const s="${serviceRole}";fetch(u,{headers:{apikey:s}});\n`]]);
  assert.ok((await rowTitles(page)).includes('Supabase service_role key'));

  await page.click('nav a[href="/risk"]');
  await page.waitForSelector('[data-testid=risk-scan-findings]');
  const riskBlockers = await page.$$eval('[data-testid=problem-list] li[data-blocker=true] .problem-title', (els) => els.map((e) => e.textContent).sort());
  assert.ok(riskBlockers.includes('Supabase service_role key'), riskBlockers.join(' | '));
  const alert = await page.$$eval('.alert.bad li', (els) => els.map((e) => e.textContent));
  for (const b of riskBlockers) assert.ok(alert.some((a) => a.includes(b)), `${b} is not in the blocker alert: ${alert}`);
  const bars = await page.$$eval('.bar-row', (rows) => rows.map((r) => [r.querySelector('.chart-label').textContent, r.querySelector('.chart-value').textContent]));
  const launch = bars.find(([label]) => label === 'Launch blocker');
  assert.ok(launch, JSON.stringify(bars));
  assert.notEqual(parseInt(launch[1], 10), 0, `launch-blocker category: ${launch[1]}`);
  assert.ok(!Number.isNaN(parseInt(launch[1], 10)), launch[1]);

  await page.click('nav a[href="/report"]');
  await page.waitForSelector('[data-testid=problem-list]');
  const reportBlockers = await page.$$eval('[data-testid=problem-list] li[data-blocker=true] .problem-title', (els) => els.map((e) => e.textContent).sort());
  assert.deepEqual(reportBlockers, riskBlockers);
  const firstBlockers = await page.$$eval('.priorities li', (lis) => lis.filter((li) => li.querySelector('.blocker-tag')).map((li) => li.textContent));
  for (const b of riskBlockers) assert.ok(firstBlockers.some((t) => t.includes(b)), `${b} is not a blocker in "What to fix first": ${firstBlockers}`);
  await screenshot(page, 'scan-sets-report-blockers-1280');
  nothingSent();
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('a key repeated 30 times is one finding "×30" with its places, on /scan, /risk and /report', async () => {
  const { page, ctx, log, nothingSent } = await scanPage();
  const key = stripeLiveKey();
  await scanFiles(page, [['app-9b2e1d.js', bundle(300 * 1024, Array(30).fill(key))]]);
  const titles = (await rowTitles(page)).filter((t) => t === 'Stripe live secret key');
  assert.equal(titles.length, 1, (await rowTitles(page)).join(' | '));
  const row = page.locator('.finding-row', { hasText: 'Stripe live secret key' });
  assert.equal(await row.locator('[data-testid=finding-count]').textContent(), '×30');
  await row.locator('.places summary').click();
  assert.equal(await row.locator('.places li').count(), 30);
  assert.match(await page.textContent('[data-testid=findings-summary]'), /^1 finding in 1 file \(found 30 times\) · 1 secret to rotate/);
  assert.match(await page.textContent('[data-testid=scan-summary]'), /1 problem found/);
  await screenshot(page, 'scan-sets-x30-1280');

  for (const route of ['/risk', '/report']) {
    await page.click(`nav a[href="${route}"]`);
    await page.waitForSelector('[data-testid=problem-list]');
    const items = await page.$$eval('[data-testid=problem-list] li.problem', (lis) => lis.map((li) => [li.querySelector('.problem-title').textContent, li.dataset.count]));
    assert.deepEqual(items.filter(([t]) => t === 'Stripe live secret key'), [['Stripe live secret key', '30']], `${route}: ${JSON.stringify(items)}`);
    assert.equal(await page.textContent('[data-testid=problem-list] [data-testid=finding-count]'), '×30', route);
  }
  nothingSent();
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('a PNG-only scan is not green, and a value ignored as a placeholder is said in the summary', async () => {
  const { page, ctx, log, nothingSent } = await scanPage();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(170, 7)]);
  await page.setInputFiles('#file-pick', { name: 'logo.png', mimeType: 'image/png', buffer: png });
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('[data-testid=scan-summary]', { timeout: 60000 });
  const summary = page.locator('[data-testid=scan-summary]');
  assert.equal(await summary.getAttribute('data-tone'), 'incomplete');
  const text = await summary.textContent();
  assert.match(text, /Nothing was scanned/);
  assert.match(text, /0 of 1 file scanned: not read: logo\.png \(/);
  assert.doesNotMatch(text, /No leaked secret/);
  assert.equal(await page.$('.findings .ok, .findings .tone-clean'), null, 'something green after a PNG-only scan');
  await screenshot(page, 'scan-sets-png-only-1280');

  await page.fill('#paste', 'STRIPE_SECRET_KEY=sk_live_ABCDEFGHIJKLMNOPQRSTUVWX\n');
  await page.click('.scan-actions button.primary');
  await page.waitForFunction(() => /ignored as a placeholder/.test(document.querySelector('[data-testid=scan-summary]')?.textContent || ''), null, { timeout: 60000 });
  const withPaste = await page.textContent('[data-testid=scan-summary]');
  assert.match(withPaste, /1 value ignored as a placeholder \(sk_l/);
  assert.doesNotMatch(withPaste, /ABCDEFGHIJKLMNOPQRSTUVWX/, 'the placeholder is masked like a finding');
  // The PNG is still among the files scanned, so the whole is still not green.
  assert.equal(await summary.getAttribute('data-tone'), 'incomplete');
  nothingSent();
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('scanning a second file keeps the first one\'s findings; files are forgotten one by one; a fix shows as gone after a re-scan', async () => {
  const { page, ctx, log, nothingSent } = await scanPage();
  const dotenv = envFile();
  await scanFiles(page, [['.env', dotenv.text]]);
  assert.ok((await rowTitles(page)).includes('Stripe live secret key'));
  await scanFiles(page, [['server.js', expressReflecting]]);
  const titles = await rowTitles(page);
  assert.ok(titles.includes('Stripe live secret key'), `the .env findings were dropped: ${titles.join(' | ')}`);
  assert.ok(titles.some((t) => /read your users' data/.test(t)), titles.join(' | '));
  assert.deepEqual((await scannedNames(page)).sort(), ['.env', 'server.js']);
  assert.equal(await page.$('.file-list li'), null, 'scanned files leave the list of files to scan');

  // Marked fixed: kept in this browser's saved state, under a code, never the value.
  const stripeRow = page.locator('.finding-row', { hasText: 'Stripe live secret key' });
  await stripeRow.locator('button.mark-fixed').click();
  assert.equal(await stripeRow.getAttribute('data-fix'), 'marked');
  const saved = await page.evaluate(() => Object.values(localStorage).join('\n'));
  assert.match(saved, /"fixed":\["[0-9a-f]{16}"\]/);
  assert.ok(!saved.includes(dotenv.stripe.slice(8, 20)), 'the key reached saved state');
  await page.click('nav a[href="/risk"]');
  assert.equal(await page.getAttribute('[data-testid=problem-list] li[data-fix=marked]', 'data-count'), '1');
  await page.click('nav a[href="/scan"]');

  // The .env scanned again without the Stripe key: before and after.
  const fixedEnv = dotenv.text.replace(/STRIPE_SECRET_KEY=.*\n/, 'STRIPE_SECRET_KEY=\n');
  await scanFiles(page, [['.env', fixedEnv]]);
  await page.waitForSelector('[data-testid=rescan]');
  const rescan = await page.textContent('[data-testid=rescan]');
  assert.match(rescan, /Scanned \.env again: 1 problem gone, \d+ still there\./);
  assert.match(rescan, /Gone.*Stripe live secret key.*you had marked it fixed/s);
  assert.ok(!(await rowTitles(page)).includes('Stripe live secret key'));
  assert.deepEqual((await scannedNames(page)).sort(), ['.env', 'server.js']);
  await screenshot(page, 'scan-sets-before-after-1280');

  // Forget one file: its findings go, the other's stay.
  await page.click('[data-testid=scanned-files] button[aria-label="Forget server.js and its findings"]');
  assert.deepEqual(await scannedNames(page), ['.env']);
  assert.ok(!(await rowTitles(page)).some((t) => /read your users' data/.test(t)));
  assert.ok((await rowTitles(page)).includes('Supabase service_role key'));
  await page.click('text=Clear all results');
  assert.equal(await page.$('.findings'), null);
  nothingSent();
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
