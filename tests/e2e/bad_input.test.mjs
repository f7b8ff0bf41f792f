// The bad-input matrix in the browser (tests/fixtures/bad_input/matrix.json, the same
// cases crates/cli/tests/bad_input.rs runs through the command line): every file gets its status
// and findings, the page never freezes or logs an error, and what the founder pasted
// is still there afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, openPage, gotoBooted, sent } from './harness.mjs';
import { alnum } from './fakes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const matrix = JSON.parse(readFileSync(join(root, 'tests/fixtures/bad_input/matrix.json'), 'utf8'));

const filler = (size) => {
  const piece = 'function a(e,t){return e&&t?e.map(function(n){return n[t]}):[]};var o={apiUrl:"/api/v1",timeout:3e4};';
  return piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
};
const random = (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));

/** The bytes of a case, from its generator name (crates/cli/tests/bad_input.rs has the same). */
function make(kind) {
  const key = `sk_live_51${alnum(46)}`;
  switch (kind) {
    case 'empty': return Buffer.alloc(0);
    case 'one-byte': return Buffer.from('a');
    case 'random-64k': return random(64 * 1024);
    case 'png': return Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), random(4096)]);
    case 'zip': return Buffer.concat([Buffer.from('504b0304140000000800', 'hex'), random(4096)]);
    case 'invalid-utf8-key': return Buffer.concat([Buffer.from('# caf\xe9 na\xefve\n', 'latin1'), Buffer.from(`STRIPE_SECRET_KEY=${key}\n`)]);
    case 'utf16-bom-key': return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`STRIPE_SECRET_KEY=${key}\r\n`, 'utf16le')]);
    case 'bundle-100mb-key': return Buffer.from(`${filler(100 * 1024 * 1024)}const k="${key}";`);
    case 'line-10mb-2keys': return Buffer.from(`${filler(5 << 20)}const a="${key}";${filler(5 << 20)}const b="sk_live_51${alnum(46)}";`);
    case 'repeated-1mb': return Buffer.alloc(1 << 20, 'a');
    case 'nested-json-100k': return Buffer.from('['.repeat(100000) + ']'.repeat(100000));
    case 'malformed-json-key': return Buffer.from(`{"stripe": {"secret": "${key}", "webhook": [1, 2,`);
    case 'malformed-toml': return Buffer.from('[[headers]\n  for = "/*\n  [headers.values\n    Access-Control-Allow-Origin = "*\n    Access-Control-Allow-Credentials = tru');
    case 'malformed-yaml': return Buffer.from("Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n      Properties:\n    CorsConfiguration: [\n      AllowOrigins: ['https://*'\n  AllowCredentials: true\n\t- : :");
    case 'malformed-xml': return Buffer.from('<?xml version="1.0"?>\n<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">\n<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</Allowed');
    case 'sourcemap-huge-key': {
      const source = `${'// padding line\n'.repeat(300000)}\nexport const stripe = "${key}";\n`;
      return Buffer.from(JSON.stringify({ version: 3, sources: ['src/vendor.ts', 'src/config.ts'], sourcesContent: [null, source], mappings: 'AAAA' }));
    }
    case 'sourcemap-null': return Buffer.from('{"version":3,"sources":["a.js","b.js"],"sourcesContent":[null,null],"mappings":""}');
    case 'html-scripts': return Buffer.from(`<!doctype html><html><head><script>window.__pwned=1</script></head><body><img src=x onerror="window.__pwned=2"><script>const k="${key}"</script></body></html>`);
    default: throw new Error(`unknown generator ${kind}`);
  }
}

const env = useBrowser();

test('every bad input gets its status and findings; the page stays usable and keeps the paste', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipcheck-bad-'));
  const paths = matrix.cases.map((c) => {
    // The browser sees only a file's base name: keep names unique and recognisable.
    const path = join(dir, c.name.replace(/\//g, '_'));
    writeFileSync(path, make(c.make));
    return path;
  });
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/scan');
  const requestsAtBoot = log.requests.length;
  await page.fill('#paste', 'MY_NOTES=keep me');
  await page.setInputFiles('#file-pick', paths);
  assert.equal(await page.$$eval('.file-list li', (li) => li.length), matrix.cases.length);
  await page.click('.scan-actions button.primary');
  await page.waitForSelector('.findings', { timeout: 180000 });

  const statuses = await page.$$eval('.file-statuses li', (lis) =>
    Object.fromEntries(lis.map((li) => [li.querySelector('code').textContent, li.textContent])),
  );
  const groups = await page.$$eval('.file-group', (gs) =>
    Object.fromEntries(gs.map((g) => [g.querySelector('.file-title code').textContent, [...g.querySelectorAll('.finding-row')].map((r) => r.textContent)])),
  );
  const failures = [];
  for (const c of matrix.cases) {
    const name = c.name.replace(/\//g, '_');
    const status = statuses[name] || '';
    const word = { empty: 'empty', skipped: 'skipped', scanned: 'scanned' }[c.status];
    if (!status.includes(word)) failures.push(`${name}: status "${status}" should say ${word}`);
    for (const part of [c.reason, c.note].filter(Boolean)) {
      if (!status.includes(part)) failures.push(`${name}: status "${status}" should mention ${part}`);
    }
    if (c.findings !== undefined) {
      const rows = (groups[name] || []).filter((r) => !c.rule || r.includes(c.rule));
      if (rows.length !== c.findings) failures.push(`${name}: ${rows.length} findings, expected ${c.findings}`);
      if (c.origin && !rows.every((r) => r.includes(c.origin))) failures.push(`${name}: findings should name ${c.origin}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(await page.inputValue('#paste'), 'MY_NOTES=keep me', 'the paste was lost');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a pasted or dropped script ran');
  // Still responsive: navigation and back work at once.
  await page.click('nav a[href="/risk"]');
  await page.click('nav a[href="/scan"]');
  assert.ok(await page.$('.findings'));
  assert.deepEqual(sent(log.requests.slice(requestsAtBoot)), []);
  assert.deepEqual(log.errors, []);
  await ctx.close();
});
