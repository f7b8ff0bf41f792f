#!/usr/bin/env python3
"""Runs the database access analyzer on splinter's own test suite and compares it,
checkpoint by checkpoint, with what splinter (Supabase's database linter) reports.

splinter's tests (test/sql/NNNN_*.sql) build a schema statement by statement and
query a lint at checkpoints; test/expected/NNNN_*.out holds the rows each query
returned on a live Supabase database. For every checkpoint of the lints that have a
shipcheck counterpart, the SQL up to the checkpoint is written as one migration and
analysed; the number of findings of the counterpart classes is compared with the
number of rows splinter returned.

Usage:
  tools/access/splinter_eval.py SPLINTER [--bin PATH] [--verbose]

SPLINTER is a splinter checkout or bare git directory (e.g. the snapshot `fetch`
brings: /work/.mirror/supabase+splinter/repo). Its files are extracted into
tools/access/.cache/ (git-ignored); nothing of splinter is committed here.
--bin is the access_scan example (default: target/release/examples/access_scan,
built with `cargo build --release -p shipcheck-engine --example access_scan`).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

# splinter lint → (shipcheck classes counted, who must be among, what differs by design)
LINTS = {
    "0001_unindexed_foreign_keys": (["unindexed-policy-column"], None, "also reports policy columns"),
    "0002_auth_users_exposed": (["auth-users-exposed"], None, "also reports SECURITY DEFINER functions"),
    "0007_policy_exists_rls_disabled": (["policy-rls-disabled"], None, ""),
    "0010_security_definer_view": (["security-definer-view", "auth-users-exposed"], None, "only views over tables with RLS on (or auth.users)"),
    "0013_rls_disabled_in_public": (["rls-disabled"], None, "reported at low when no API role has a grant"),
    "0015_rls_references_user_metadata": (["policy-user-metadata"], None, ""),
    "0016_materialized_view_in_api": (["security-definer-view"], None, "only over tables with RLS on"),
    "0024_rls_policy_always_true": (["policy-always-true", "policy-any-user"], None, "per-user data and public-by-design reads decide"),
    "0025_public_bucket_allows_listing": (["storage-public-bucket"], None, "public-by-design names and private buckets decide"),
    "0028_anon_security_definer_function_executable": (["definer-function-exposed", "auth-users-exposed"], {"anyone"}, ""),
    "0029_authenticated_security_definer_function_executable": (["definer-function-exposed", "auth-users-exposed"], {"anyone", "signed-in"}, ""),
}

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "splinter")


def extract(src: str) -> str:
    """The splinter test folder, from a checkout or a bare git directory."""
    if os.path.isdir(os.path.join(src, "test", "sql")):
        return os.path.join(src, "test")
    os.makedirs(CACHE, exist_ok=True)
    archive = subprocess.run(["git", "--git-dir", src, "archive", "HEAD", "test"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", CACHE], input=archive, check=True)
    return os.path.join(CACHE, "test")


def checkpoints(sql: str):
    """(prefix SQL, checkpoint query) for every statement that queries a lint."""
    out = []
    for m in re.finditer(r'lint\."', sql):
        start = sql.rfind(";", 0, m.start()) + 1
        end = sql.find(";", m.start())
        out.append((sql[:start], sql[start:end].strip()))
    return out


def expected_counts(out_text: str):
    """The rows each lint query returned, in order, from a pg_regress .out file."""
    counts = []
    for m in re.finditer(r'lint\."', out_text):
        end = out_text.find(";", m.start())
        query = out_text[out_text.rfind(";", 0, m.start()) + 1 : end]
        rest = out_text[end + 1 :]
        rows = re.search(r"^\((\d+) rows?\)", rest, re.M)
        n = int(rows.group(1)) if rows else 0
        if re.search(r"count\(\*\)", query) and n == 1:
            body = rest[: rows.start()].strip().splitlines()
            try:
                n = int(body[-1].strip())
            except (ValueError, IndexError):
                pass
        counts.append(n)
    return counts


def ours(binary: str, sql: str, classes, who):
    with tempfile.TemporaryDirectory() as d:
        mig = os.path.join(d, "supabase", "migrations")
        os.makedirs(mig)
        with open(os.path.join(mig, "20240101000000_test.sql"), "w") as f:
            f.write(sql)
        res = subprocess.run([binary, d, "--json"], capture_output=True, text=True, check=True)
    report = json.loads(res.stdout)
    hits = [
        f
        for f in report["findings"]
        if f["rule"].removeprefix("access-") in classes and (who is None or f["access"]["who"] in who)
    ]
    return len(hits), [f'{f["rule"]}:{f["severity"]}:{f["access"]["object"]}' for f in hits]


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        print(__doc__)
        return 2
    verbose = "--verbose" in args
    binary = "target/release/examples/access_scan"
    if "--bin" in args:
        binary = args[args.index("--bin") + 1]
    test = extract(args[0])
    total = agree = 0
    print(f"{'splinter lint':<58} {'agree':>7}")
    for lint, (classes, who, note) in LINTS.items():
        sql = open(os.path.join(test, "sql", lint + ".sql")).read()
        expected = expected_counts(open(os.path.join(test, "expected", lint + ".out")).read())
        points = checkpoints(sql)
        n_ok = 0
        for i, (prefix, query) in enumerate(points):
            want = expected[i] if i < len(expected) else 0
            got, detail = ours(binary, prefix, classes, who)
            ok = got == want
            n_ok += ok
            if verbose and not ok:
                print(f"  {lint} checkpoint {i + 1}: splinter {want}, shipcheck {got} {detail}")
        total += len(points)
        agree += n_ok
        print(f"{lint:<58} {n_ok:>3}/{len(points):<3} {note}")
    print(f"{'all':<58} {agree:>3}/{total:<3}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
