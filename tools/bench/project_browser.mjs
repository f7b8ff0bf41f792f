// Times a whole project zip in Chromium: picked on /checklist, read, detected, scanned
// and answered in the page's worker, until the checklist shows the result. Prints the
// page's own figure (drop to result, `data-elapsed-ms`), when each stage was first
// shown, and the worker's memory. A measurement, never a test.
//
//   trunk build --release
//   python3 tools/bench/project_zip.py STARTER_DIR /tmp/next-30mb.zip --mb 30
//   node tools/bench/project_browser.mjs /tmp/next-30mb.zip [--rounds 3]
import { statSync } from 'node:fs';
import { startServer, launch, openPage, gotoBooted } from '../../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const zip = args.find((a) => !a.startsWith('--'));
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;
if (!zip) {
  console.error('usage: node tools/bench/project_browser.mjs PROJECT.zip [--rounds N]');
  process.exit(2);
}

const server = await startServer();
const browser = await launch();
try {
  console.log(`${zip}: ${(statSync(zip).size / 1e6).toFixed(1)} MB, ${rounds} rounds, each in a fresh tab`);
  for (let round = 1; round <= rounds; round++) {
    const { page, ctx } = await openPage(browser);
    await gotoBooted(page, server.url + '/checklist');
    // Give the worker the moment it takes to compile its rules after booting, as a
    // founder reading the page would.
    await page.waitForTimeout(2000);
    await page.evaluate(() => {
      window.__stages = {};
      const t0 = performance.now();
      window.__t0 = t0;
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid=project-progress]');
        const phase = el?.dataset.phase;
        if (phase && !(phase in window.__stages)) window.__stages[phase] = performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
    });
    const start = await page.evaluate(() => performance.now());
    await page.setInputFiles('#project-zip-pick', zip);
    const done = await page.waitForSelector('[data-testid=project-done]', { timeout: 300000 });
    const end = await page.evaluate(() => performance.now());
    const stages = await page.evaluate(() => window.__stages);
    const pageMs = Number(await done.getAttribute('data-elapsed-ms'));
    const mem = Number(await done.getAttribute('data-memory-bytes'));
    const files = await done.getAttribute('data-files');
    const fromCode = await done.getAttribute('data-from-code');
    const marks = Object.entries(stages).map(([p, t]) => `${p} at ${Math.round(t - start)} ms`).join(', ');
    console.log(`round ${round}: ${pageMs.toFixed(0)} ms drop to result (page), ${Math.round(end - start)} ms pick to shown; ` +
      `${files} files read, ${fromCode} answers from the code; worker memory ${(mem / 1048576).toFixed(0)} MiB; stages first shown: ${marks}`);
    await ctx.close();
  }
} finally {
  await browser.close();
  server.stop();
}
