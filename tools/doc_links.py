#!/usr/bin/env python3
"""Checks the repository's Markdown: every relative link and every `#anchor` resolves,
and every repository path written in backticks (`crates/…`, `tools/…`, `tests/…`) exists.

    python3 tools/doc_links.py      # README.md, docs/*.md and every other .md but golden files

Exits 1 and lists each broken reference with its file and line. Run by hand after
moving files (not part of tools/test.sh).
"""
import os
import re
import subprocess
import sys

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:crates|tools|tests|fuzz|static|docs)/[^`\s*{}<>]*)`")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to '-'."""
    text = re.sub(r"`|\*\*|\*|_(?=\w)|(?<=\w)_", "", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: str) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    in_fence = False
    for line in open(path, encoding="utf-8"):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else HEADING.match(line)
        if m:
            base = slug(m.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            out.add(base if n == 0 else f"{base}-{n}")
    return out


def markdown_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    # Golden files are test outputs, not documentation.
    return sorted(f for f in listed if os.path.isfile(f) and "/golden/" not in f)


def ignored(path: str) -> bool:
    """A git-ignored path (a cache or build directory) may rightly not exist yet."""
    return any(
        subprocess.run(["git", "check-ignore", "-q", "--no-index", p]).returncode == 0
        for p in (path, path.rstrip("/") + "/")
    )


def check(path: str) -> list[str]:
    errors = []
    here = os.path.dirname(path)
    in_fence = False
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file, _, anchor = target.partition("#")
            resolved = os.path.normpath(os.path.join(here, file)) if file else path
            if not os.path.exists(resolved):
                errors.append(f"{path}:{number}: link to missing {target}")
            elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                errors.append(f"{path}:{number}: no heading #{anchor} in {resolved}")
        for written in CODE_PATH.findall(line):
            candidate = written.rstrip(".,;:")
            if not os.path.exists(candidate) and not ignored(candidate):
                errors.append(f"{path}:{number}: `{written}` does not exist")
    return errors


def main() -> int:
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    files = markdown_files()
    errors = [e for f in files for e in check(f)]
    for e in errors:
        print(e, file=sys.stderr)
    print(f"doc_links: {len(files)} Markdown files, {len(errors)} broken references")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
