#!/usr/bin/env python3
"""Fails when a built wasm file exceeds its gzipped size budget stated in README.md.

The budgets live in the README (one source of truth), in lines of the form
    | main app | `app-*_bg.wasm` | **NNN KiB** |
inside the "Size budget" table. gzip level 9, as a static host would serve it.
"""
import glob
import gzip
import re
import sys

ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*`([^`]+)`\s*\|\s*\*\*(\d+) KiB\*\*\s*\|", re.M)


def main() -> int:
    readme = open("README.md", encoding="utf-8").read()
    section = readme.split("### Size budget", 1)
    if len(section) < 2:
        print("size_budget: README.md has no '### Size budget' section", file=sys.stderr)
        return 1
    rows = ROW.findall(section[1])
    if not rows:
        print("size_budget: no budget rows found in README.md", file=sys.stderr)
        return 1
    failed = False
    for name, pattern, kib in rows:
        files = glob.glob(f"dist/{pattern}")
        if len(files) != 1:
            print(f"size_budget: expected one dist/{pattern}, found {files}", file=sys.stderr)
            failed = True
            continue
        data = open(files[0], "rb").read()
        gz = len(gzip.compress(data, 9))
        budget = int(kib) * 1024
        status = "ok" if gz <= budget else "OVER BUDGET"
        print(f"{name:<12} {files[0]:<44} {len(data):>9} B raw {gz:>8} B gz  budget {budget:>8} B  {status}")
        failed |= gz > budget
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
