#!/usr/bin/env python3
"""Scores the peer comparison's runs (tools/bench/peers.sh) against the planted fakes.

usage: peers_score.py BENCH_DIR OUT_DIR TARGET...

BENCH_DIR holds manifest.json (written by `SHIPCHECK_BENCH_DIR=... cargo bench --bench
scan`) and the inputs; OUT_DIR/<tool>/<target>.json and .time hold each tool's report
and the line tools/bench/rusage.py wrote ("wall user sys maxrss_kb status floor_kb",
from wait4's rusage of the tool's process). Exits 1 when a tool left no readable report
or no measurement, so a broken harness fails loudly.

A finding is matched to a planted fake of the same file when their byte ranges overlap
(shipcheck and secretlint report offsets) or when the reported secret text and the
planted value contain one another (gitleaks and kingfisher report the text; gitleaks'
line and column are relative to the chunk it read, so they cannot place a finding in
a one-line bundle). "found" counts planted secrets matched by at least one finding (public-by-design keys
of the mixed folder are counted apart: reported at all, and said to be public);
"noise" counts findings that match no planted fake. For the mixed folder, a second table
shows the rule each tool gave to each labelled key, which tells whether it separates a
Supabase anon key from a service_role key and a Stripe pk_ from an sk_.
"""
import json
import os
import sys

TOOLS = ["shipcheck", "gitleaks", "kingfisher", "secretlint"]


def rel(path, root):
    """A report's file path relative to the scanned directory."""
    path = os.path.normpath(os.path.join(root, path)) if not os.path.isabs(path) else path
    return os.path.relpath(path, root)


def findings_of(tool, report, root):
    """Normalises a tool's report to dicts: file, rule, and range (start, end) or text."""
    out = []
    if tool == "shipcheck":
        for f in report.get("findings", []):
            if f.get("category", "secret") != "secret" or f.get("start") is None:
                out.append({"file": rel(f["file"], root), "rule": f["rule"], "range": None, "text": None})
                continue
            rule = f["rule"] + (f" ({f['verdict']})" if f.get("verdict") else "")
            out.append({"file": rel(f["file"], root), "rule": rule, "range": (f["start"], f["end"]), "text": None})
    elif tool == "gitleaks":
        for f in report or []:
            out.append({"file": rel(f["File"], root), "rule": f["RuleID"], "range": None, "text": f["Secret"]})
    elif tool == "kingfisher":
        for f in report.get("findings", []):
            x = f["finding"]
            rule = f["rule"]["id"].replace("betterleaks.", "").replace("kingfisher.", "")
            out.append({"file": rel(x["path"], root), "rule": rule, "range": None, "text": x["snippet"]})
    elif tool == "secretlint":
        for file in report or []:
            for m in file.get("messages", []):
                rule = m["ruleId"].replace("@secretlint/secretlint-rule-", "") + ":" + m.get("messageId", "")
                out.append(
                    {"file": rel(file["filePath"], root), "rule": rule, "range": tuple(m["range"]), "text": None}
                )
    return out


def matches(finding, planted, value):
    if finding["file"] != planted["file"]:
        return False
    if finding["range"] is not None:
        start, end = finding["range"]
        return start < planted["offset"] + planted["len"] and planted["offset"] < end
    text = finding["text"] or ""
    return len(text) >= 8 and (text in value or value in text)


def planted_of(manifest, target, bench_dir):
    """(root directory, [planted dicts with file, offset, len, rule, label, verdict, value])."""
    if target == "mixed":
        root = os.path.join(bench_dir, "mixed")
        files = [(f["path"][len("mixed/"):], f["planted"]) for f in manifest["mixed"]]
    else:
        case = next(c for c in manifest["cases"] if c["name"] == target)
        root = os.path.join(bench_dir, target)
        files = [(os.path.basename(case["path"]), case["planted"])]
    planted = []
    for name, items in files:
        with open(os.path.join(root, name), "rb") as fh:
            data = fh.read()
        for p in items:
            value = data[p["offset"] : p["offset"] + p["len"]].decode("ascii")
            planted.append({**p, "file": name, "value": value})
    return root, planted


def timing(out_dir, tool, target):
    """(wall s, CPU s, peak RSS MB or None when at or under the runner's floor)."""
    try:
        with open(os.path.join(out_dir, tool, f"{target}.time")) as fh:
            last = fh.read().strip().splitlines()[-1].split()
        wall, user, sys_, rss, floor = float(last[0]), float(last[1]), float(last[2]), int(last[3]), int(last[5])
        return wall, user + sys_, (rss / 1024 if rss > floor else None)
    except (OSError, IndexError, ValueError):
        print(f"  ({tool} {target}: no measurement in {tool}/{target}.time)", file=sys.stderr)
        return None


def load(out_dir, tool, target):
    path = os.path.join(out_dir, tool, f"{target}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        return json.loads(text) if text.strip() else None
    except (OSError, json.JSONDecodeError) as e:
        print(f"  ({tool} {target}: no readable report: {e})", file=sys.stderr)
        return None


def main():
    bench_dir, out_dir, targets = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(os.path.join(bench_dir, "manifest.json")) as fh:
        manifest = json.load(fh)
    rows = []
    mixed_rules = {}
    broken = []
    for target in targets:
        root, planted = planted_of(manifest, target, bench_dir)
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
        for tool in TOOLS:
            report = load(out_dir, tool, target)
            t = timing(out_dir, tool, target)
            if report is None or t is None:
                broken.append(f"{tool} on {target}")
            found_rules = [[] for _ in planted]
            noise = []
            for f in findings_of(tool, report or {}, root):
                hit = [i for i, p in enumerate(planted) if matches(f, p, p["value"])]
                for i in hit:
                    found_rules[i].append(f["rule"])
                if not hit:
                    noise.append(f)
            secret = [i for i, p in enumerate(planted) if p.get("verdict", "secret") == "secret"]
            public = [i for i, p in enumerate(planted) if p.get("verdict") == "public"]
            found = f"{sum(1 for i in secret if found_rules[i])}/{len(secret)}"
            if public:
                as_public = sum(1 for i in public if any("(public)" in r for r in found_rules[i]))
                found += f"; public keys reported {sum(1 for i in public if found_rules[i])}/{len(public)}"
                found += f" ({as_public} said to be public)"
            rows.append((target, size, tool, found, noise, t))
            if target == "mixed":
                mixed_rules[tool] = (planted, found_rules, noise)

    print("| input | tool | planted secrets found | noise findings | wall s | CPU s | MB/s of CPU | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for target, size, tool, found, noise, t in rows:
        wall, cpu, rss = t if t else (None, None, None)
        rate = f"{size / 1e6 / cpu:.1f}" if cpu else "–"
        print(
            f"| {target} ({size / 1e6:.1f} MB) | {tool} | {found} | {len(noise)} | "
            f"{f'{wall:.2f}' if wall is not None else '–'} | {f'{cpu:.2f}' if cpu is not None else '–'} | {rate} | "
            f"{f'{rss:.0f}' if rss is not None else ('< floor' if t else '–')} |"
        )

    if mixed_rules:
        print("\nMixed folder: the rule each tool reported for each planted key (— = not reported)\n")
        tools = [t for t in TOOLS if t in mixed_rules]
        print("| file | key | " + " | ".join(tools) + " |")
        print("|---|---|" + "---|" * len(tools))
        planted = mixed_rules[tools[0]][0]
        for i, p in enumerate(planted):
            cells = []
            for tool in tools:
                rules = sorted(set(mixed_rules[tool][1][i]))
                cells.append(", ".join(rules) if rules else "—")
            print(f"| {p['file']} | {p['label']} ({p['verdict']}) | " + " | ".join(cells) + " |")
        print("\nMixed folder: noise findings (reported where nothing was planted)\n")
        for tool in tools:
            noise = mixed_rules[tool][2]
            listed = ", ".join(sorted(f"{n['file']}: {n['rule']}" for n in noise)) or "none"
            print(f"- {tool}: {listed}")

    if broken:
        print(f"\nno report or no measurement from: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
