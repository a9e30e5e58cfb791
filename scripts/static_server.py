"""Serve a built site on 127.0.0.1 with the MIME types Pyodide needs.

Used by `scripts/serve` and by the browser tests. (For production, see the
nginx notes in the README.)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import threading
from pathlib import Path

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    # The stdlib's own class attribute, extended.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}  # noqa: RUF012

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: tests and readers do not need an access log

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing URL gets the site's 404 page in its language (zh/404.html under /zh/),
        with status 404, as nginx serves it (scripts/nginx/)."""
        lang = "zh/" if self.path.startswith("/zh/") else ""
        page = Path(self.directory) / lang / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def start(root: Path, port: int = 0) -> Server:
    """Serve ``root`` in a background thread; port 0 picks a free port."""
    handler = functools.partial(SiteHandler, directory=str(root))
    server = Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    handler = functools.partial(SiteHandler, directory=str(args.root))
    with Server(("127.0.0.1", args.port), handler) as server:
        print(f"Serving {args.root} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
