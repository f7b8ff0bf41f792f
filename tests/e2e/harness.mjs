// Shared set-up for the browser tests: serve dist/ on a free loopback port, launch
// Debian's headless Chromium with Playwright, and watch every request and console line.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ARTIFACTS = join(root, 'artifacts', 'screenshots');

export const ROUTES = ['/', '/checklist', '/risk', '/readiness', '/estimate', '/scan', '/report'];

/** Starts tools/serve.py on a free port; resolves to { url, stop }. */
export function startServer() {
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', [join(root, 'tools', 'serve.py'), '--dir', join(root, 'dist'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SHIPCHECK_SERVE_LOG: '1' },
    });
    // Every request that reached the server, as "METHOD /path" (the server's own log).
    const hits = [];
    proc.stderr.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) {
        const m = /"(GET|POST|HEAD|PUT|DELETE|OPTIONS) ([^ ]+) HTTP/.exec(line);
        if (m) hits.push(`${m[1]} ${m[2]}`);
        else if (line.trim()) process.stderr.write(line + '\n');
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
    proc.stdout.on('data', (chunk) => {
      const m = /serving on (http:\/\/[^\s]+)/.exec(String(chunk));
      if (m) resolve({ url: m[1].replace(/\/$/, ''), hits, stop: () => proc.kill() });
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-default-apps', '--disable-extensions',
    ],
  });
}

/**
 * Opens a page that records every request (with a timestamp) and every console
 * error and page error. `expectedConsole` holds regexes of errors a test provokes
 * on purpose (e.g. the CSP refusing a fetch); anything else is an unexpected error.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, context } = {}) {
  const ctx = context || (await browser.newContext({ viewport, serviceWorkers: 'block' }));
  const page = await ctx.newPage();
  const log = { requests: [], errors: [], expectedConsole: [] };
  page.on('request', (r) => log.requests.push({ url: r.url(), at: Date.now(), type: r.resourceType(), request: r }));
  // A request the page's CSP refused never leaves the browser; mark it as blocked.
  page.on('requestfailed', (r) => {
    const entry = log.requests.find((e) => e.request === r);
    if (entry) entry.blockedByCsp = r.failure()?.errorText === 'csp';
  });
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (!log.expectedConsole.some((re) => re.test(text))) log.errors.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  return { page, ctx, log };
}

/** Requests that really left the page (not refused by its CSP). */
export function sent(requests) {
  return requests.filter((r) => !r.blockedByCsp).map((r) => r.url);
}

/** Navigates and waits until the app has booted and locked itself. */
export async function gotoBooted(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('[data-privacy="locked"]', { timeout: 20000 });
  await page.waitForSelector('html[data-locked="true"]', { timeout: 5000 });
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Registers before/after hooks that start the server and the browser once per test
 * file; returns an object whose `server` and `browser` are set once they run.
 */
export function useBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}
