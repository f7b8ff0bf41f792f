#!/usr/bin/env python3
"""Serve the built app (dist/) on loopback, the way a static host would.

- Unknown paths without a file extension fall back to index.html, so the app's real
  routes (/checklist, /scan, ...) load on a reload or a shared link.
- .wasm is served as application/wasm (needed for streaming compilation).
- Compresses text and wasm with gzip when the browser accepts it, and lets hashed
  assets be cached for a year, as any static host (Netlify, Vercel, Cloudflare) does.
- Prints "serving on http://HOST:PORT/" once listening (PORT 0 picks a free port).
"""
import argparse
import gzip
import http.server
import io
import re
import os
import socketserver
import sys

TYPES = {
    ".wasm": "application/wasm",
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


COMPRESSIBLE = (".wasm", ".js", ".css", ".html", ".json", ".txt", ".svg")
# Trunk names its assets app-<16 hex>.js / style-<16 hex>.css: their content never changes.
HASHED = re.compile(r"-[0-9a-f]{12,20}(_bg)?\.(js|wasm|css)$")


def handler_for(root: str):
    gz_cache = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def send_head(self):
            path = self.translate_path(self.path)
            last = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
            if os.path.isdir(path) and os.path.isfile(os.path.join(path, "index.html")):
                # A prerendered route (dist/scan/index.html): serve it without a redirect.
                self.path = self.path.split("?", 1)[0].rstrip("/") + "/index.html"
                path = self.translate_path(self.path)
            elif not os.path.exists(path) and "." not in last:
                self.path = "/index.html"
                path = self.translate_path(self.path)
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            if accepts_gzip and path.endswith(COMPRESSIBLE) and os.path.isfile(path):
                return self.send_gzipped(path)
            return super().send_head()

        def send_gzipped(self, path):
            stamp = os.path.getmtime(path)
            cached = gz_cache.get(path)
            if not cached or cached[0] != stamp:
                with open(path, "rb") as f:
                    cached = (stamp, gzip.compress(f.read(), 6))
                gz_cache[path] = cached
            body = cached[1]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return io.BytesIO(body)

        def end_headers(self):
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if HASHED.search(self.path.split("?", 1)[0]):
                self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            else:
                self.send_header("Cache-Control", "no-cache")
            super().end_headers()

        def log_message(self, fmt, *args):
            if os.environ.get("SHIPCHECK_SERVE_LOG"):
                super().log_message(fmt, *args)

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dir", default="dist")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.dir, "index.html")):
        print(f"serve: {args.dir}/index.html not found: build first (trunk build --release)", file=sys.stderr)
        return 2
    with Server((args.host, args.port), handler_for(os.path.abspath(args.dir))) as httpd:
        host, port = httpd.server_address[:2]
        print(f"serving on http://{host}:{port}/", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
