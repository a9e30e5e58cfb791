"""scripts/nginx/site.conf.example, run as a sysadmin would copy it: its ports moved to
127.0.0.1, a throwaway self-signed certificate, the snippets and the site where this
checkout has them. HTTP redirects to HTTPS, HTTPS sends HSTS, and nothing outside
/handbook/ is served (no "Welcome to nginx!")."""

from __future__ import annotations

import http.client
import ssl
import subprocess
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import nginx_site
import pytest

from .conftest import Server, needs_nginx
from .test_headers import CSP, one, single

pytestmark = needs_nginx

EXAMPLE = nginx_site.HERE / "site.conf.example"
HOST = "handbook.example.com"
HSTS = "max-age=31536000"


def render_example(http_port: int) -> nginx_site.Renderer:
    def render(site: Path, port: int, prefix: str, scratch: Path, brotli: bool) -> Path:
        cert, key = scratch / "cert.pem", scratch / "key.pem"
        openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}"]
        subprocess.run([*openssl, "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
        text = EXAMPLE.read_text(encoding="utf-8")
        for old, new in {
            "listen [::]:80;\n": "",
            "listen [::]:443 ssl http2;\n": "",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{port} ssl http2;",
            f"/etc/ssl/certs/{HOST}.pem": str(cert),
            f"/etc/ssl/private/{HOST}.key": str(key),
            "include snippets/": f"include {nginx_site.HERE}/",
            "alias /srv/handbook/site/;": f"alias {site.resolve()}/;",
        }.items():
            assert old in text, f"site.conf.example changed: no {old!r}"
            text = text.replace(old, new)
        if not brotli:
            text = "\n".join(line for line in text.splitlines() if "handbook-brotli.conf" not in line)
        (scratch / "handbook").write_text(text, encoding="utf-8")
        # The test harness's nginx.conf (scratch paths, modules, user), with the example
        # as its only content: it sits in the http block, like /etc/nginx/sites-enabled/*.
        main = nginx_site.render(site, port, prefix, scratch, brotli).read_text(encoding="utf-8")
        head = main[: main.index(f"    include {nginx_site.HERE}/handbook-cache.conf")]  # up to the site's part
        conf = scratch / "nginx.conf"
        conf.write_text(f"{head}    include {scratch}/handbook;\n}}\n", encoding="utf-8")
        return conf

    return render


@pytest.fixture(scope="module")
def example(nginx_subpath: Server) -> Iterator[tuple[int, int]]:
    """(https port, http port) of nginx running the example over the /handbook/ build."""
    http_port = nginx_site.free_port()
    with nginx_site.NginxSite(nginx_subpath.site, "/handbook/", render_conf=render_example(http_port)) as nginx:
        yield nginx.port, http_port


def get(port: int, path: str, tls: bool = True) -> tuple[int, Message, bytes]:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the throwaway certificate
        connection: http.client.HTTPConnection = http.client.HTTPSConnection("127.0.0.1", port, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def test_plain_http_redirects_to_https(example: tuple[int, int]) -> None:
    status, headers, _ = get(example[1], "/handbook/zh/?arpu=150", tls=False)
    assert status == 301 and headers["Location"] == f"https://{HOST}/handbook/zh/?arpu=150"


def test_https_pages_send_hsts_once_with_the_sites_headers(example: tuple[int, int], nginx_subpath: Server) -> None:
    for path in ("/handbook/", "/handbook/zh/handbook/", "/handbook/" + one(nginx_subpath.site, "sitemap.xml")):
        status, headers, _ = get(example[0], path)
        assert status == 200, path
        assert single(headers)["Content-Security-Policy"] == CSP
        assert headers.get_all("Strict-Transport-Security") == [HSTS], path
    status, headers, _ = get(example[0], "/handbook")
    assert status == 301 and headers["Location"] == "/handbook/"
    assert headers.get_all("Strict-Transport-Security") == [HSTS]


@pytest.mark.parametrize(
    ("path", "lang"),
    [("/", "en"), ("/index.html", "en"), ("/zh/", "en"), ("/handbook/a/b/", "en"), ("/handbook/zh/a/b/", "zh")],
)
def test_missing_and_outside_urls_get_the_handbooks_404(example: tuple[int, int], path: str, lang: str) -> None:
    status, headers, body = get(example[0], path)
    assert status == 404 and b"Welcome to nginx" not in body
    assert f'<html lang="{lang}"'.encode() in body
    assert single(headers)["Cache-Control"] == "no-cache"
    assert headers.get_all("Strict-Transport-Security") == [HSTS]
