#!/usr/bin/env node
// Browser benchmark of the scan page. Its one command is tools/bench/browser.sh (which
// installs, builds, generates the corpora and calls this; `--smoke` is what CI runs).
//
// Scans the corpora that `cargo bench --bench scan` wrote (SHIPCHECK_BENCH_DIR) —
// the very bytes the native benchmark scanned — in the release build served locally
// and opened in Debian's headless Chromium, a fresh page per input, and prints beside
// each the native figure from the same run of the native benchmark.
//
//   SHIPCHECK_BENCH_DIR=/tmp/shipcheck-bench cargo bench -p shipcheck-engine --bench scan
//   trunk build --release
//   node tools/bench/browser.mjs --dir /tmp/shipcheck-bench [--rounds 3] [--only bundle] [--again]
//
// Every block of figures is preceded by tools/stamp.sh's line (date, command, commit,
// machine); --native-from says what produced the manifest's native figures.
//
// Per input: throughput (MB/s, decimal MB, from the page's own `data-elapsed-ms`:
// from the click on Scan to the findings shown, reading the file included), time to
// the first finding, main-thread long tasks (PerformanceObserver, from the click until
// the findings are painted), the worker's wasm memory after the scan (memory only
// grows, so this is its peak), the planted fakes found (rule, line and column of each
// row on the page against the manifest), and the CPU time every Chromium process spent
// during the scan (/proc, Linux). With --rounds N the fastest round is kept, as the
// native benchmark does; the long-task figures are the worst of all rounds. With
// --again, each page then scans the same input a second time, with V8's code warm.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launch, openPage, gotoBooted } from '../../tests/e2e/harness.mjs';

function parseArgs(argv) {
  const args = {
    dir: process.env.SHIPCHECK_BENCH_DIR || '/tmp/shipcheck-bench',
    rounds: 1,
    only: [],
    json: false,
    again: false,
    idleMs: 0,
    nativeFrom: 'cargo bench (opt-level 3)',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') args.dir = argv[++i];
    else if (a === '--rounds') args.rounds = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '--only') args.only.push(argv[++i]);
    else if (a === '--json') args.json = true;
    else if (a === '--again') args.again = true;
    else if (a === '--idle') args.idleMs = Math.max(0, Number(argv[++i]) || 0);
    else if (a === '--native-from') args.nativeFrom = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node tools/bench/browser.mjs [--dir DIR] [--rounds N] [--only NAME]... [--again] [--idle MS] [--json] [--native-from LABEL]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const CLK_TCK = 100; // USER_HZ on Linux: /proc/PID/stat counts CPU time in these ticks

/** Pids of every process descending from `root` whose name starts with "chrom". */
function chromiumPids(root) {
  const parent = new Map();
  const name = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      name.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
    } catch {
      // the process ended while we looked
    }
  }
  const descends = (pid) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter((pid) => descends(pid) && /^chrom/i.test(name.get(pid)));
}

/** CPU seconds (user + system) each Chromium process has used so far, by pid. */
function chromiumCpu() {
  const out = new Map();
  for (const pid of chromiumPids(process.pid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / CLK_TCK);
    } catch {
      // ended
    }
  }
  return out;
}

/** CPU seconds spent between two chromiumCpu() snapshots (new processes count from 0). */
function cpuSpent(before, after) {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) || 0);
  return total;
}

/** Line and column (1-based, characters = bytes here: the corpora are ASCII) of a byte offset. */
function lineCol(bytes, offset) {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Waits until the page shows a new "scan done" status line, and returns its figures.
 * A MutationObserver catches it even when a small scan finishes before we look.
 */
async function armDoneWatch(page) {
  await page.evaluate(() => {
    for (const o of window.__benchObservers || []) o.disconnect();
    window.__bench = { done: null, longTasks: [], clickAt: 0 };
    const seen = (node) =>
      node.nodeType === 1 && (node.matches('[data-testid=scan-done]') ? node : node.querySelector('[data-testid=scan-done]'));
    const mutations = new MutationObserver((records, obs) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          const el = seen(n);
          if (el && !window.__bench.done) {
            window.__bench.done = { at: performance.now() };
            obs.disconnect();
          }
        }
      }
    });
    mutations.observe(document.body, { childList: true, subtree: true });
    const tasks = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
    });
    tasks.observe({ type: 'longtask' });
    window.__benchObservers = [mutations, tasks];
  });
}

async function clickScan(page) {
  await page.evaluate(() => {
    window.__bench.clickAt = performance.now();
  });
  await page.click('.scan-actions button.primary');
}

async function waitDone(page, timeout) {
  await page.waitForFunction(() => window.__bench.done !== null, null, { timeout, polling: 50 });
  // Let the findings paint, and any long task that paints them be reported.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid=scan-done]');
    const b = window.__bench;
    const tasks = b.longTasks.filter((t) => t.start + t.duration >= b.clickAt);
    return {
      elapsedMs: Number(el.dataset.elapsedMs),
      firstFindingMs: el.dataset.firstFindingMs === '' ? null : Number(el.dataset.firstFindingMs),
      memoryBytes: Number(el.dataset.memoryBytes),
      clickToDoneMs: b.done.at - b.clickAt,
      longTasks: tasks.map((t) => t.duration),
    };
  });
}

/** The rows on the page as `rule@line:column`. */
async function findingKeys(page) {
  return page.$$eval('.finding-row', (rows) =>
    rows.map((row) => {
      const rule = row.querySelector('.rule-id')?.textContent ?? '';
      const m = /line (\d+), col (\d+)/.exec(row.querySelector('.where')?.textContent ?? '');
      return m ? `${rule}@${m[1]}:${m[2]}` : `${rule}@?`;
    }),
  );
}

/** One scan of one input in a fresh page. */
async function scanOnce(browser, server, dir, kase, options) {
  const { page, ctx, log } = await openPage(browser);
  const bootStart = Date.now();
  await gotoBooted(page, server.url + '/scan');
  const bootMs = Date.now() - bootStart;

  // A tiny first scan waits for the worker to finish compiling its rules (it starts
  // right after the worker says it is ready), so the timed scan measures scanning.
  await armDoneWatch(page);
  await page.fill('#paste', 'PORT=3000');
  await clickScan(page);
  const warm = await waitDone(page, 60000);
  await page.fill('#paste', '');
  // With --idle, the page stays idle that long before the file is picked, as a founder
  // takes a few seconds to find it: the worker warms its scanner up meanwhile.
  if (options.idleMs) await page.waitForTimeout(options.idleMs);

  await page.setInputFiles('#file-pick', join(dir, kase.path));
  await page.waitForSelector('.file-list li');
  await armDoneWatch(page);
  const cpuBefore = chromiumCpu();
  await clickScan(page);
  const result = await waitDone(page, 600000);
  const cpuS = cpuSpent(cpuBefore, chromiumCpu());
  // With --again, the same input is scanned a second time in the same page: the
  // worker's code is then warm (V8 has tiered the hot wasm functions up).
  let again = null;
  if (options.again) {
    // The page enables Scan again once files are picked again.
    await page.setInputFiles('#file-pick', join(dir, kase.path));
    await page.waitForSelector('.scan-actions button.primary:not([disabled])');
    await armDoneWatch(page);
    const before = chromiumCpu();
    await clickScan(page);
    again = { ...(await waitDone(page, 600000)) };
    again.cpuS = cpuSpent(before, chromiumCpu());
  }

  const bytes = readFileSync(join(dir, kase.path));
  const shown = new Set(await findingKeys(page));
  const planted = kase.planted.map((p) => {
    const { line, column } = lineCol(bytes, p.offset);
    return `${p.rule}@${line}:${column}`;
  });
  const found = planted.filter((k) => shown.has(k)).length;
  const errors = log.errors.slice();
  await ctx.close();
  return { ...result, bootMs, warmMs: warm.clickToDoneMs, cpuS, found, findings: shown.size, errors, again };
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** tools/stamp.sh's line: when, by which command, on which commit and machine. */
function stamp() {
  const command =
    process.env.SHIPCHECK_HARNESS_COMMAND ||
    ['node', 'tools/bench/browser.mjs', ...process.argv.slice(2).map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a))].join(' ');
  return execFileSync(join(ROOT, 'tools', 'stamp.sh'), [command], { encoding: 'utf8' }).trim();
}

const fmt = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(args.dir, 'manifest.json'))) {
    throw new Error(`no ${join(args.dir, 'manifest.json')}: run SHIPCHECK_BENCH_DIR=${args.dir} cargo bench --bench scan first`);
  }
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    throw new Error('no dist/index.html: build the release app first (trunk build --release)');
  }
  const manifest = JSON.parse(readFileSync(join(args.dir, 'manifest.json'), 'utf8'));
  const cases = manifest.cases.filter((c) => args.only.length === 0 || args.only.some((o) => c.name.includes(o)));
  const server = await startServer();
  const browser = await launch();
  const rows = [];
  try {
    console.log(stamp());
    console.log(
      `# Chromium ${browser.version()}; ${cases.length} inputs from ${args.dir}; ${args.rounds} round(s) each; ` +
        `native figures from ${args.nativeFrom}`,
    );
    for (const kase of cases) {
      const runs = [];
      for (let r = 0; r < args.rounds; r++) runs.push(await scanOnce(browser, server, args.dir, kase, args));
      const best = runs.reduce((a, b) => (b.elapsedMs < a.elapsedMs ? b : a));
      const mb = kase.bytes / 1e6;
      const allTasks = runs.flatMap((r) => r.longTasks);
      const row = {
        name: kase.name,
        mb,
        wasmMbS: mb / (best.elapsedMs / 1000),
        wasmCpuMbS: best.cpuS > 0 ? mb / best.cpuS : null,
        elapsedMs: best.elapsedMs,
        cpuS: best.cpuS,
        firstFindingMs: best.firstFindingMs,
        longTasks: Math.max(...runs.map((r) => r.longTasks.length)),
        longestTaskMs: allTasks.length ? Math.max(...allTasks) : 0,
        memoryMb: best.memoryBytes / 1e6,
        found: `${Math.min(...runs.map((r) => r.found))}/${kase.planted.length}`,
        findings: best.findings,
        bootMs: best.bootMs,
        warmMs: best.warmMs,
        nativeMbS: kase.native?.wall_mb_s ?? null,
        nativeCpuMbS: kase.native?.cpu_mb_s ?? null,
        errors: runs.flatMap((r) => r.errors),
      };
      row.ratio = row.nativeMbS ? row.nativeMbS / row.wasmMbS : null;
      row.cpuRatio = row.nativeCpuMbS && row.wasmCpuMbS ? row.nativeCpuMbS / row.wasmCpuMbS : null;
      rows.push(row);
      console.log(
        `${row.name.padEnd(12)} ${fmt(row.mb).padStart(5)} MB  wasm ${fmt(row.wasmMbS).padStart(6)} MB/s wall ` +
          `${fmt(row.wasmCpuMbS).padStart(6)} MB/s CPU  first finding ${fmt(row.firstFindingMs, 0).padStart(5)} ms  ` +
          `long tasks ${row.longTasks} (longest ${fmt(row.longestTaskMs, 0)} ms)  worker memory ${fmt(row.memoryMb, 0)} MB  ` +
          `planted ${row.found} (${row.findings} findings)  native ${fmt(row.nativeMbS)} wall ${fmt(row.nativeCpuMbS)} CPU MB/s  ` +
          `native/wasm ${fmt(row.ratio, 2)}x wall ${fmt(row.cpuRatio, 2)}x CPU  [boot ${row.bootMs} ms, rules ready +${fmt(row.warmMs, 0)} ms]`,
      );
      for (const e of row.errors) console.log(`  page error: ${e}`);
      const again = runs.map((r) => r.again).filter(Boolean);
      if (again.length) {
        const b = again.reduce((x, y) => (y.elapsedMs < x.elapsedMs ? y : x));
        row.againMbS = mb / (b.elapsedMs / 1000);
        row.againCpuMbS = b.cpuS > 0 ? mb / b.cpuS : null;
        console.log(`  scanned again in the same page: ${fmt(row.againMbS)} MB/s wall, ${fmt(row.againCpuMbS)} MB/s CPU`);
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  const againCol = rows.some((r) => r.againMbS);
  console.log(`\n${stamp()}\n# native figures from ${args.nativeFrom}; MB are 10^6 bytes`);
  console.log(
    '| input | MB | browser MB/s (wall / CPU) | first finding | long tasks (longest) | worker memory | planted found | ' +
      (againCol ? 'again, same page (wall / CPU) | ' : '') +
      'native MB/s (wall / CPU) | native ÷ browser (wall / CPU) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|' + (againCol ? '---|' : ''));
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.mb)} | ${fmt(r.wasmMbS)} / ${fmt(r.wasmCpuMbS)} | ${fmt(r.firstFindingMs, 0)} ms | ` +
        `${r.longTasks} (${fmt(r.longestTaskMs, 0)} ms) | ${fmt(r.memoryMb, 0)} MB | ${r.found} | ` +
        (againCol ? `${fmt(r.againMbS)} / ${fmt(r.againCpuMbS)} | ` : '') +
        `${fmt(r.nativeMbS)} / ${fmt(r.nativeCpuMbS)} | ${fmt(r.ratio, 1)} / ${fmt(r.cpuRatio, 1)} |`,
    );
  }
  if (args.json) console.log(JSON.stringify(rows, null, 2));
  if (rows.some((r) => r.errors.length)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
