#!/usr/bin/env python3
"""Fails when a built wasm file exceeds its gzipped size budget stated in README.md, or
links a crate it must not.

The budgets live in the README (one source of truth), in lines of the form
    | main app | `app-*_bg.wasm` | **NNN KiB** |
inside the "Size budget" table. gzip level 9, as a static host would serve it.

Crates a binary must not link are listed there too, in lines of the form
    | main app | `target/wasm32-unknown-unknown/release/app.wasm` | `toml`, `regex` |
naming the wasm as cargo built it, before wasm-bindgen strips the function names,
which are what this reads (a crate's code shows up as `_ZN4toml...` or `..toml..`).
"""
import glob
import gzip
import os
import re
import sys

ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*`([^`]+)`\s*\|\s*\*\*(\d+) KiB\*\*\s*\|", re.M)
FORBIDDEN_ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*`([^`]+\.wasm)`\s*\|\s*((?:`\w+`[,\s]*)+)\|", re.M)


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


def check_budgets(section: str) -> bool:
    rows = ROW.findall(section)
    if not rows:
        print("size_budget: no budget rows found in README.md", file=sys.stderr)
        return False
    ok = True
    for name, pattern, kib in rows:
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


def check_forbidden(section: str) -> bool:
    ok = True
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    for name, path, crates in FORBIDDEN_ROW.findall(section):
        path = re.sub(r"^target/", target.rstrip("/") + "/", path)
        forbidden = re.findall(r"`(\w+)`", crates)
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
    readme = open("README.md", encoding="utf-8").read()
    section = readme.split("### Size budget", 1)
    if len(section) < 2:
        print("size_budget: README.md has no '### Size budget' section", file=sys.stderr)
        return 1
    # Only the Size budget section, up to the next heading.
    section = re.split(r"^#{1,3} ", section[1], maxsplit=1, flags=re.M)[0]
    budgets_ok = check_budgets(section)
    forbidden_ok = check_forbidden(section)
    return 0 if budgets_ok and forbidden_ok else 1


if __name__ == "__main__":
    sys.exit(main())
