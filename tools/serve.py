#!/usr/bin/env python3
"""Serve the built app (dist/) on loopback, the way a static host would.

- Unknown paths without a file extension fall back to index.html, so the app's real
  routes (/checklist, /scan, ...) load on a reload or a shared link.
- .wasm is served as application/wasm (needed for streaming compilation).
- Prints "serving on http://HOST:PORT/" once listening (PORT 0 picks a free port).
"""
import argparse
import http.server
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


def handler_for(root: str):
    class Handler(http.server.SimpleHTTPRequestHandler):
        extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def send_head(self):
            path = self.translate_path(self.path)
            last = self.path.split("?", 1)[0].rsplit("/", 1)[-1]
            if not os.path.exists(path) and "." not in last:
                self.path = "/index.html"
            return super().send_head()

        def end_headers(self):
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
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
