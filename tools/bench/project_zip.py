#!/usr/bin/env python3
"""Builds the project zip `shipcheck check` is timed on: a real Next.js + Supabase
starter, grown with generated files to a target size, zipped the way GitHub's
"Download ZIP" does (one top folder, deflate).

    python3 tools/bench/project_zip.py STARTER_DIR OUT.zip [--mb 30] [--source-files 2000] [--source-mb 8]

STARTER_DIR is a checkout of a real starter (e.g. vercel/nextjs-subscription-payments,
fetched into a git-ignored cache; never committed here). The generator adds:
  - --source-files files of source in feature folders (app/feature-N/…,
    components/feature-N/…, utils/feature-N/…), each made of the starter's own
    TypeScript files with their exported names changed, together --source-mb MB of
    text;
  - public/ images (random bytes behind a PNG or JPEG header: incompressible, as real
    photos are) until the zip is --mb MB.
Deterministic for a given starter and arguments (seeded).
"""
import argparse
import io
import os
import random
import zipfile

TEXT_EXT = (".ts", ".tsx", ".js", ".jsx", ".css", ".json", ".sql", ".md", ".toml")


def starter_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "node_modules", ".next")]
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                out.append((rel, f.read()))
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("starter")
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=30.0)
    ap.add_argument("--source-files", type=int, default=2000)
    ap.add_argument("--source-mb", type=float, default=8.0)
    ap.add_argument("--top", default="app-main")
    args = ap.parse_args()
    rng = random.Random(15)
    target = int(args.mb * 1024 * 1024)
    files = starter_files(args.starter)
    sources = [(r, b) for r, b in files if r.endswith((".ts", ".tsx")) and b"export" in b]
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
    for rel, data in files:
        z.writestr(f"{args.top}/{rel}", data)
    per_file = int(args.source_mb * 1024 * 1024 / max(args.source_files, 1))
    n = 0
    for n in range(args.source_files):
        feature = f"feature{n + 1}"
        rel, _ = sources[n % len(sources)]
        parts, size, k = [], 0, n
        while size < per_file:
            _, data = sources[k % len(sources)]
            text = data.decode("utf-8", "replace")
            # Rename exported names so the copies are not identical.
            text = text.replace("export default function ", f"export default function F{k}")
            text = text.replace("export async function ", f"export async function f{k}_")
            parts.append(text)
            size += len(text)
            k += 7
        head, _, name = rel.rpartition("/")
        new_rel = f"{head}/{feature}/{name}" if head else f"{feature}/{name}"
        z.writestr(f"{args.top}/{new_rel}", "\n".join(parts))
    i = 0
    while target - buf.tell() > 100_000:
        size = min(rng.randint(80_000, 600_000), target - buf.tell() - 1_000)
        header = b"\x89PNG\r\n\x1a\n" if i % 2 == 0 else b"\xff\xd8\xff\xe0"
        ext = "png" if i % 2 == 0 else "jpg"
        z.writestr(
            f"{args.top}/public/images/photo-{i:04d}.{ext}",
            header + rng.randbytes(size),
            compress_type=zipfile.ZIP_STORED,
        )
        i += 1
    z.close()
    with open(args.out, "wb") as f:
        f.write(buf.getvalue())
    print(f"{args.out}: {os.path.getsize(args.out)} bytes, {len(files)} starter files, "
          f"{args.source_files} generated source files, {i} images")


if __name__ == "__main__":
    main()
