#!/usr/bin/env python3
"""Fails when a built wasm file exceeds its gzipped size budget, or links a crate it
must not. The budgets are data, in tools/budgets.toml (the docs cite the same file).

The must-not-link check reads the function names of the wasm as cargo built it, before
wasm-bindgen strips them (a crate's code shows up as `_ZN4toml...` or `..toml..`).
"""
import glob
import gzip
import os
import re
import sys
import tomllib

BUDGETS = "tools/budgets.toml"


def leb128(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def function_names(data: bytes):
    """The names in a wasm file's `name` custom section (function-names subsection)."""
    i = 8
    while i < len(data):
        section, size_at = data[i], i + 1
        size, start = leb128(data, size_at)
        body, i = data[start : start + size], start + size
        if section != 0:
            continue
        name_len, k = leb128(body, 0)
        if body[k : k + name_len] != b"name":
            continue
        k += name_len
        while k < len(body):
            sub = body[k]
            sub_len, k = leb128(body, k + 1)
            sub_body, k = body[k : k + sub_len], k + sub_len
            if sub != 1:
                continue
            count, m = leb128(sub_body, 0)
            for _ in range(count):
                _, m = leb128(sub_body, m)
                n, m = leb128(sub_body, m)
                yield sub_body[m : m + n].decode("utf-8", "replace")
                m += n


def check_budgets(entries: list[dict]) -> bool:
    ok = True
    for entry in entries:
        name, pattern, kib = entry["name"], entry["dist"], entry["budget_kib"]
        files = glob.glob(f"dist/{pattern}")
        if len(files) != 1:
            print(f"size_budget: expected one dist/{pattern}, found {files}", file=sys.stderr)
            ok = False
            continue
        data = open(files[0], "rb").read()
        gz = len(gzip.compress(data, 9))
        budget = int(kib) * 1024
        status = "ok" if gz <= budget else "OVER BUDGET"
        print(f"{name:<12} {files[0]:<44} {len(data):>9} B raw {gz:>8} B gz  budget {budget:>8} B  {status}")
        ok &= gz <= budget
    return ok


def check_forbidden(entries: list[dict]) -> bool:
    ok = True
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    for entry in entries:
        if not entry.get("must_not_link"):
            continue
        name, forbidden = entry["name"], entry["must_not_link"]
        path = re.sub(r"^target/", target.rstrip("/") + "/", entry["cargo_wasm"])
        if not os.path.exists(path):
            print(f"size_budget: {path} is missing: build with `trunk build --release` first", file=sys.stderr)
            ok = False
            continue
        names = list(function_names(open(path, "rb").read()))
        if not names:
            print(f"size_budget: {path} has no function names to check", file=sys.stderr)
            ok = False
            continue
        linked = {}
        for fn in names:
            for token in set(re.split(r"[^A-Za-z_]+", fn)) & set(forbidden):
                linked.setdefault(token, fn)
        for crate, example in sorted(linked.items()):
            print(f"size_budget: {name} links `{crate}`, which it must not (e.g. {example[:120]})", file=sys.stderr)
        if not linked:
            print(f"{name:<12} links none of {', '.join(forbidden)}  ok")
        ok &= not linked
    return ok


def main() -> int:
    with open(BUDGETS, "rb") as f:
        entries = tomllib.load(f).get("wasm", [])
    if not entries:
        print(f"size_budget: {BUDGETS} lists no [[wasm]] entry", file=sys.stderr)
        return 1
    budgets_ok = check_budgets(entries)
    forbidden_ok = check_forbidden(entries)
    return 0 if budgets_ok and forbidden_ok else 1


if __name__ == "__main__":
    sys.exit(main())
