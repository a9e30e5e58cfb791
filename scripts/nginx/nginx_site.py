"""Run Debian's nginx with scripts/nginx/handbook.conf over a built site.

Used by tests/selfhost/ and scripts/bench, and handy for a look by hand:

    scripts/build /tmp/site   # with SITE_URL=http://127.0.0.1:8080/handbook/ for a sub-path
    .venv/bin/python scripts/nginx/nginx_site.py /tmp/site --port 8080 --prefix /handbook/

nginx runs in the foreground (`daemon off`) as a child of this process, with its
pid file, logs and temp files in a scratch directory. It is stopped gracefully
(SIGQUIT) when the `NginxSite` context exits, and killed if this process dies
first: it is started through `setpriv --pdeathsig QUIT`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# Writes nginx.conf: (site, port, prefix, scratch dir, brotli) -> its path. See render().
Renderer = Callable[[Path, int, str, Path, bool], Path]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def brotli_available() -> bool:
    """Debian's libnginx-mod-http-brotli-static is installed."""
    return BROTLI_MODULE.is_file()


def render(site: Path, port: int, prefix: str, scratch: Path, brotli: bool | None = None) -> Path:
    """Write nginx.conf for ``site`` served at http://127.0.0.1:<port><prefix> into ``scratch``."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError(f"prefix must start and end with '/': {prefix!r}")
    brotli = brotli_available() if brotli is None else brotli
    root = os.geteuid() == 0
    values = {
        "tmp": str(scratch),
        "port": str(port),
        "prefix": prefix,
        "site": str(site.resolve()),
        "snippets": str(HERE),
        # As root, workers would run as `nobody` and could not read a private tmp dir.
        "user": "user root root;  # test harness only: workers must read the scratch site" if root else "",
        "modules": f"load_module {BROTLI_MODULE};" if brotli else "",
        "brotli": f"            include {HERE}/handbook-brotli.conf;" if brotli else "",
        # Under a prefix, as in site.conf.example: the prefix without its slash redirects,
        # and nothing else outside it is served (the site's 404 page, never nginx's own).
        "outside": (
            f"        location = {prefix.rstrip('/')} {{\n            absolute_redirect off;\n"
            f"            return 301 {prefix};\n        }}\n"
            "        location / {\n            return 404;\n        }"
            if prefix != "/"
            else ""
        ),
    }
    text = (HERE / "nginx.conf.template").read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    assert "{{" not in text, "unrendered placeholder in nginx.conf.template"
    conf = scratch / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def processes_using(conf: Path) -> list[int]:
    """Pids of nginx processes started with ``conf`` (the master's command line names it;
    workers are found as its children)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if str(conf) in (proc / "cmdline").read_bytes().decode(errors="replace"):
                pids.append(int(proc.name))
    return sorted({p for pid in pids for p in [pid, *_children(pid)]})


class NginxSite:
    """``with NginxSite(site, prefix="/handbook/") as server: server.url``"""

    def __init__(
        self,
        site: Path,
        prefix: str = "/",
        port: int = 0,
        brotli: bool | None = None,
        render_conf: Renderer | None = None,
    ) -> None:
        """``render_conf`` writes nginx.conf instead of ``render`` (the tests run site.conf.example)."""
        self.site = site
        self.render_conf = render_conf or render
        self.prefix = prefix
        self.port = port or free_port()
        self.brotli = brotli_available() if brotli is None else brotli
        self.url = f"http://127.0.0.1:{self.port}{prefix}"
        self.process: subprocess.Popen[bytes] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> NginxSite:
        self._scratch = tempfile.TemporaryDirectory(prefix="nginx-handbook-")
        scratch = Path(self._scratch.name)
        self.conf = self.render_conf(self.site, self.port, self.prefix, scratch, self.brotli)
        self.error_log = scratch / "error.log"
        self.access_log = scratch / "access.log"
        command = [NGINX, "-p", str(scratch), "-e", str(self.error_log), "-c", str(self.conf)]
        check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if check.returncode:
            raise RuntimeError(f"nginx -t failed:\n{check.stderr}")
        setpriv = shutil.which("setpriv")
        if setpriv:  # if this process dies without cleaning up, the kernel stops nginx
            command = [setpriv, "--pdeathsig", "QUIT", *command]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while True:
            if self.process.poll() is not None:
                log = self.error_log.read_text() if self.error_log.exists() else ""
                self._cleanup()
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{log}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2):
                break
            if time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("nginx did not start listening within 15 s")
            time.sleep(0.05)
        return self

    def errors(self) -> list[str]:
        """Lines of nginx's error log at level error or worse."""
        if not self.error_log.exists():
            return []
        levels = ("[error]", "[crit]", "[alert]", "[emerg]")
        return [line for line in self.error_log.read_text().splitlines() if any(lv in line for lv in levels)]

    def __exit__(self, *_: object) -> None:
        if self.process and self.process.poll() is None:
            workers = _children(self.process.pid)
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish requests, stop workers
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                for pid in [self.process.pid, *workers, *_children(self.process.pid)]:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                self.process.wait(5)
        self._cleanup()

    def _cleanup(self) -> None:
        if self._scratch:
            leftover = processes_using(self.conf)
            self._scratch.cleanup()
            self._scratch = None
            if leftover:
                raise RuntimeError(f"nginx processes outlived their server: {leftover}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site (scripts/build DIR)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--prefix", default="/", help="the sub-path, e.g. /handbook/ (default /)")
    args = parser.parse_args()
    with NginxSite(args.site, args.prefix, args.port) as server:
        print(f"nginx serves {args.site} at {server.url} (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.process.wait()  # type: ignore[union-attr]


if __name__ == "__main__":
    main()
