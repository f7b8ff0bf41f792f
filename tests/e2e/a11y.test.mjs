// Accessibility in a real browser: axe-core (WCAG 2.1 A/AA rules) reports no
// violation on any page, in light and dark, at 1280 px and 320 px, blank and with
// answers and findings; every form control has a label; focus is visible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useBrowser, openPage, gotoBooted, ROUTES } from './harness.mjs';
import { envFile, expressReflecting } from './fakes.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const env = useBrowser();

/** Runs axe in the page (evaluated through the DevTools protocol, so the page's CSP
 * does not apply to the test's own script) and returns the violations, summarised. */
async function axe(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return violations;
}

async function withFindings(page) {
  await page.click('nav a[href="/scan"]');
  await page.fill('#paste', `${envFile().text}\n${expressReflecting}`);
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('.findings', { timeout: 60000 });
  await page.click('.finding-row button'); // an open detail panel is checked too
  // Answer a few checklist questions, so verdict, risks and gates have content.
  await page.click('nav a[href="/checklist"]');
  for (const r of (await page.$$('input[type=radio][value=unsure]')).slice(0, 4)) await r.check();
}

for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 320]) {
    test(`axe finds no violation on any page (${scheme}, ${width} px, blank and filled in)`, async () => {
      const { page, ctx, log } = await openPage(env.browser, { viewport: { width, height: 900 } });
      await page.emulateMedia({ colorScheme: scheme });
      const found = [];
      for (const filled of [false, true]) {
        await gotoBooted(page, env.server.url + '/');
        if (filled) await withFindings(page);
        for (const path of ROUTES) {
          await page.click(path === '/' ? 'a.brand' : `nav a[href="${path}"]`);
          await page.waitForSelector('main h1');
          for (const v of await axe(page)) found.push(`${path}${filled ? ' (filled)' : ''}: ${v}`);
        }
      }
      assert.deepEqual(found, []);
      assert.deepEqual(log.errors, []);
      await ctx.close();
    });
  }
}

test('every form control has an accessible name and focus is visible', async () => {
  const { page, ctx } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/');
  for (const path of ROUTES) {
    await page.click(path === '/' ? 'a.brand' : `nav a[href="${path}"]`);
    await page.waitForSelector('main h1');
    const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
      els
        .filter((e) => e.type !== 'hidden')
        .filter((e) => {
          const labelled = e.labels && e.labels.length > 0;
          const named = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || (e.tagName === 'BUTTON' && e.textContent.trim());
          return !labelled && !named;
        })
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unlabelled, [], `${path}: unlabelled controls`);
  }
  // Tab to the first link after the skip link: it gets a visible outline.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus must be visible');
  await ctx.close();
});

test('the axe check is not vacuous: an unlabelled input is caught', async () => {
  const { page, ctx } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/');
  await page.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('input'), { type: 'text' })));
  const violations = await axe(page);
  assert.ok(violations.some((v) => v.startsWith('label')), violations.join('\n'));
  await ctx.close();
});
