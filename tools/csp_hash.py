#!/usr/bin/env python3
"""Trunk post_build hook: put the sha256 of each inline <script> into the page's CSP.

Trunk injects an inline module script that imports the app and calls `init`; a policy
of `script-src 'self'` would block it. Instead of allowing 'unsafe-inline', we allow
exactly that script by its hash. Fails the build if the placeholder or script is missing.
"""
import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'sha256-INLINE_BOOT_SCRIPT'"


def main() -> int:
    staging = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist")
    path = os.path.join(staging, "index.html")
    with open(path, encoding="utf-8") as f:
        html = f.read()
    scripts = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    if not scripts:
        print(f"csp_hash: no inline script in {path}", file=sys.stderr)
        return 1
    if PLACEHOLDER not in html:
        print(f"csp_hash: placeholder {PLACEHOLDER} not found in {path}", file=sys.stderr)
        return 1
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    html = html.replace(PLACEHOLDER, hashes)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print(f"csp_hash: {len(scripts)} inline script(s) allowed by hash")
    return 0


if __name__ == "__main__":
    sys.exit(main())
