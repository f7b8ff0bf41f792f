// A whole project dropped on /checklist in a real browser: its zip (dropped on the
// drop zone) and its folder (the folder picker) are read, detected, scanned and
// answered in the worker; the checklist marks the code's answers "found in your code"
// with file:line citations; overriding one keeps the disagreement visible and moves
// the verdict; nothing of the project is stored, and nothing leaves the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, openPage, gotoBooted, screenshot, sent } from './harness.mjs';

const env = useBrowser();
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A fixture with no secret templates (its files are the project as they are).
const FIXTURE = 'fastapi-clean';

/** The fixture as a folder `<tmp>/<FIXTURE>/` (its expected.toml left out) and as a zip
 * with one top folder, the way GitHub's "Download ZIP" makes it. */
function materialize() {
  const tmp = mkdtempSync(join(tmpdir(), 'shipcheck-project-'));
  const dir = join(tmp, FIXTURE);
  cpSync(join(root, 'tests', 'fixtures', 'projects', FIXTURE), dir, { recursive: true });
  rmSync(join(dir, 'expected.toml'));
  const zip = join(tmp, `${FIXTURE}-main.zip`);
  execFileSync('python3', ['-c', `
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for d, _, names in sorted(os.walk(src)):
        for n in sorted(names):
            p = os.path.join(d, n)
            z.write(p, os.path.join('${FIXTURE}-main', os.path.relpath(p, src)))
`, dir, zip]);
  return { tmp, dir, zip };
}

async function checklist() {
  const { page, ctx, log } = await openPage(env.browser);
  await gotoBooted(page, env.server.url + '/checklist');
  // A founder who answered "no" to the three situation questions earlier (saved in
  // this browser), so that the checklist alone decides the verdict.
  await page.evaluate(() => localStorage.setItem('shipcheck.state',
    JSON.stringify({ version: 1, screening: { stage: 'no', goal: 'no', limits: 'no' } })));
  await gotoBooted(page, env.server.url + '/checklist');
  const requestsAtBoot = log.requests.length;
  const hitsAtBoot = env.server.hits.length;
  const nothingSent = () => {
    assert.deepEqual(sent(log.requests.slice(requestsAtBoot)), [], 'requests after boot');
    assert.deepEqual(env.server.hits.slice(hitsAtBoot), [], 'the server saw requests after boot');
  };
  return { page, ctx, log, nothingSent };
}

/** Every evidence note on the checklist: question id → { stand, text }. */
const notes = (page) => page.$$eval('[data-testid=evidence]', (els) => Object.fromEntries(
  els.map((e) => [e.dataset.question, { stand: e.dataset.stand, text: e.textContent }])));

const verdict = (page) => page.getAttribute('[data-verdict]', 'data-verdict');

/** Answers every question the code left open safely, as a founder would: "no", or
 * "yes" where "no" is the risky answer. Returns each one's safe and risky answer. */
async function answerTheRestSafely(page) {
  const ids = await page.$$eval('li.question', (els) => els
    .filter((li) => !li.querySelector('[data-testid=evidence]'))
    .map((li) => li.id.replace(/^q-/, '').replace(/-item$/, '')));
  const answers = [];
  for (const id of ids) {
    await page.click(`label[for="q-${id}-no"]`);
    const safe = (await page.getAttribute(`#q-${id}-item`, 'class')).includes('risk-safe');
    if (!safe) await page.click(`label[for="q-${id}-yes"]`);
    answers.push({ id, safe: safe ? 'no' : 'yes', risky: safe ? 'yes' : 'no' });
  }
  return answers;
}

test('a dropped zip answers the checklist from its code, with citations; an override keeps the disagreement and moves the verdict', async () => {
  const files = materialize();
  try {
    const { page, ctx, log, nothingSent } = await checklist();
    // Drop the zip on the drop zone (a DataTransfer holding the file, as a real drop).
    const dt = await page.evaluateHandle(([b64, name]) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const t = new DataTransfer();
      t.items.add(new File([bytes], name, { type: 'application/zip' }));
      return t;
    }, [readFileSync(files.zip).toString('base64'), `${FIXTURE}-main.zip`]);
    await page.dispatchEvent('[data-testid=project-dropzone]', 'drop', { dataTransfer: dt });
    const done = await page.waitForSelector('[data-testid=project-done]', { timeout: 60000 });
    console.log(`${FIXTURE} zip: read, detected, scanned and answered in ${await done.getAttribute('data-elapsed-ms')} ms (drop to result)`);
    assert.match(await done.textContent(), new RegExp(`of ${FIXTURE}-main\\.zip`));

    // The stack, with the files that show it.
    const stack = await page.textContent('[data-testid=stack]');
    assert.match(stack, /FastAPI/);
    assert.match(stack, /pyproject\.toml:\d+/);

    // Answers from the code, each with its citations.
    const byZip = await notes(page);
    const ids = Object.keys(byZip);
    assert.ok(ids.length >= 3, JSON.stringify(byZip));
    for (const [id, n] of Object.entries(byZip)) {
      assert.equal(n.stand, 'from-code', id);
      assert.match(n.text, /Found in your code/, id);
      assert.match(n.text, new RegExp(`${FIXTURE}-main/[\\w./()$@-]+:\\d+`), `${id}: no file:line in ${n.text}`);
    }
    assert.match(byZip['open-endpoints']?.text ?? '', /app\/api\/routes\/\w+\.py:\d+/, 'the open-endpoints answer cites the routes');
    // The answer the code gave is the one selected, and the progress counts it.
    assert.ok(await page.isChecked(`#q-open-endpoints-no`), 'the code said no open endpoint');
    assert.match(await page.textContent('.progress-bar label'), new RegExp(`^${ids.length} of \\d+ answered`));
    await screenshot(page, 'checklist-project-evidence-1280');

    // The founder answers what the code left open; then overrides the code's "no
    // open endpoint": their answer counts, the disagreement stays on the page, the
    // verdict moves.
    const rest = await answerTheRestSafely(page);
    assert.ok(rest.length > 0);
    // Then risky answers of their own, up to one short of a rescue sprint.
    for (const q of rest) {
      await page.click(`label[for="q-${q.id}-${q.risky}"]`);
      if ((await verdict(page)) === 'sprint') {
        await page.click(`label[for="q-${q.id}-${q.safe}"]`);
        break;
      }
    }
    const before = await verdict(page);
    assert.equal(before, 'diy', 'one risk short of a sprint');
    await page.click('label[for="q-open-endpoints-yes"]');
    await page.waitForSelector('[data-testid=evidence][data-question=open-endpoints][data-stand=disagrees]');
    const note = await page.textContent('[data-testid=evidence][data-question=open-endpoints]');
    assert.match(note, /You said yes; your code says no/);
    assert.ok(await page.isChecked('#q-open-endpoints-yes'));
    const after = await verdict(page);
    console.log(`verdict with the code's answers: ${before}; with the founder's override: ${after}`);
    assert.equal(after, 'sprint', 'the founder\'s own risky answer counts');

    // /report and its exports say the same: which answers came from the code, where,
    // and the one the founder overrode (theirs counts).
    await page.click('nav a[href="/report"]');
    const onReport = await page.$$eval('[data-testid=report-code-answers] li[data-question]', (els) => Object.fromEntries(
      els.map((e) => [e.dataset.question, { stand: e.dataset.stand, text: e.textContent }])));
    assert.deepEqual(Object.keys(onReport).sort(), ids.slice().sort());
    assert.equal(onReport['open-endpoints'].stand, 'disagrees');
    assert.match(onReport['open-endpoints'].text, /You said yes; your code says no/);
    for (const [id, n] of Object.entries(onReport).filter(([id]) => id !== 'open-endpoints')) {
      assert.equal(n.stand, 'from-code', id);
      assert.match(n.text, new RegExp(`Found in your code: (yes|no|not sure)\\.`), id);
      assert.match(n.text, new RegExp(`${FIXTURE}-main/[\\w./()$@-]+:\\d+`), `${id}: no file:line in ${n.text}`);
    }
    await screenshot(page, 'report-code-answers-1280');
    // The project's scan is the report's scan too (nothing was run on /scan): the
    // summary card, the SARIF download and the exports hold its findings, as the
    // verdict and "What to fix first" already count them.
    const scanCard = await page.textContent('.summary-card:nth-child(4) .card-value');
    assert.doesNotMatch(scanCard, /not run/, scanCard);
    assert.ok(await page.isEnabled('text=Download SARIF'), 'SARIF disabled with the project\'s findings on the page');
    const exported = {};
    for (const [label, ext] of [['Download Markdown', 'md'], ['Download JSON', 'json']]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`text=${label}`)]);
      exported[ext] = readFileSync(await download.path(), 'utf8');
    }
    assert.match(exported.md, /## Answers from your code/);
    assert.match(exported.md, /Your answer differs from your code\. You said yes; your code says no/);
    // Every answer from the code is followed by its places, `file:line`.
    const items = exported.md.split('\n- **').filter((b) => /— Found in your code/.test(b));
    assert.equal(items.length, ids.length - 1, exported.md);
    for (const item of items) {
      assert.match(item, /Found in your code: (yes|no)\. /);
      assert.match(item, new RegExp(`\\n  - \`${FIXTURE}-main/[^\`]+:\\d+\``), item);
    }
    const projectScan = JSON.parse(exported.json).scan;
    assert.ok(projectScan && projectScan.findings.length > 0, 'the JSON export leaves out the project\'s findings');
    assert.ok(projectScan.findings.every((f) => f.file.startsWith(`${FIXTURE}-main/`)), JSON.stringify(projectScan.findings.map((f) => f.file)));
    const fromCode = JSON.parse(exported.json).answers_from_code;
    assert.deepEqual(fromCode.map((c) => c.question).sort(), ids.slice().sort());
    assert.equal(fromCode.find((c) => c.question === 'open-endpoints').stand, 'disagrees');
    assert.equal(fromCode.find((c) => c.question === 'open-endpoints').counts, 'yes');
    await page.click('nav a[href="/checklist"]');

    // Only the founder's own answer is saved: no file, citation or evidence.
    const saved = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.match(saved, /open-endpoints/);
    assert.ok(!/app\/api|pyproject|FastAPI|from-code|\.py\b/.test(saved), saved);
    nothingSent();
    // After a reload the override stays; the evidence was never stored.
    await gotoBooted(page, env.server.url + '/checklist');
    assert.ok(await page.isChecked('#q-open-endpoints-yes'));
    assert.equal(await page.$('[data-testid=evidence]'), null, 'evidence survived a reload');

    assert.deepEqual(log.errors, []);
    await ctx.close();
  } finally {
    rmSync(files.tmp, { recursive: true, force: true });
  }
});

test('the same project as a folder gives the same answers as its zip', async () => {
  const files = materialize();
  try {
    const { page, ctx, log, nothingSent } = await checklist();
    await page.setInputFiles('#project-zip-pick', files.zip);
    await page.waitForSelector('[data-testid=project-done]', { timeout: 60000 });
    const byZip = await notes(page);
    await page.click('text=Forget this project');
    await page.waitForSelector('[data-testid=evidence]', { state: 'detached' });

    await page.setInputFiles('#project-folder-pick', files.dir);
    const done = await page.waitForSelector('[data-testid=project-done]', { timeout: 60000 });
    assert.match(await done.textContent(), new RegExp(`of ${FIXTURE}/`));
    const byFolder = await notes(page);
    assert.deepEqual(Object.keys(byFolder).sort(), Object.keys(byZip).sort());
    for (const id of Object.keys(byZip)) {
      // The same answer and the same places, under the folder's top name.
      assert.equal(byFolder[id].text.replaceAll(`${FIXTURE}/`, ''), byZip[id].text.replaceAll(`${FIXTURE}-main/`, ''), id);
    }
    nothingSent();
    assert.deepEqual(log.errors, []);
    await ctx.close();
  } finally {
    rmSync(files.tmp, { recursive: true, force: true });
  }
});
