#!/usr/bin/env python3
"""Benchmark the handbook as readers get it: built, precompressed, served by nginx
with scripts/nginx/handbook.conf, loaded by Chromium. Prints a Markdown table.

    scripts/bench                 # build, serve, measure (3 runs; ~20 min on 2 cores)
    scripts/bench --runs 5        # more runs per figure (medians are reported)
    scripts/bench --site DIR      # measure an existing build instead (built for --port)

On every calculator page (pages with [data-calculator]) it measures:
- first numbers: first-contentful-paint, and whether the pre-rendered results
  were already in the document then;
- time to data-state="live", cold (a fresh profile: empty HTTP cache and code
  cache) and warm (the browser restarted on the same profile, after the first
  visit had settled for 2 s);
- input → output latency: the time from an `input` event (a field's value set and
  its input event fired in the page) to the change of the first output's
  data-value, p50 / p95 over --edits edits on a live page;
- bytes on the wire (headers + encoded bodies, workers included), cold and warm;
- with ranges: the edit latency while two inputs carry a range (2,000 draws of
  calculators.simulate after each pause in typing), for an edit that arrives
  while a simulation is running, and the time from numbers to the ranges' table;
the same cold and warm time to live and bytes on the practice pages (their
exercises start Python too), counted apart; the bytes of every knowledge page,
which must not download Pyodide; the interpreter snapshot's size (raw, gzip,
brotli) and the time Node takes to make it; the site's build time.

The same run measures a BASELINE: the usual way to put Pyodide on a page —
loadPyodide() on the main thread from the same files (the full stdlib), no
worker, no snapshot, served by Python's http.server (no compression, no caching
headers) — and reports our figures as ratios to it. Timing code lives only in this script
(an init script and a MutationObserver), never in the product.

Timings are wall-clock on a shared machine: check the load average it prints.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
if Path(sys.prefix).resolve() != VENV.resolve() and (VENV / "bin" / "python").exists():
    os.execv(VENV / "bin" / "python", [str(VENV / "bin" / "python"), __file__, *sys.argv[1:]])

import argparse  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "scripts" / "nginx"), str(ROOT / "scripts" / "hooks")]

import nginx_site  # noqa: E402
import static_server  # noqa: E402
from playwright.sync_api import BrowserContext, Page, Playwright, ViewportSize, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The same flags as tests/browser/conftest.py: no sandbox as root, no calls to Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Chromium 156 renders its omnibox popup (chrome://omnibox-popup.top-chrome/) at every
    # launch, headless too: ~1.3 s of CPU in the first seconds, beside the page under test.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
LIVE_TIMEOUT_MS = 90_000
SETTLE_MS = 2_000  # after the cold visit goes live, before the browser is closed

# Issue 15's targets: ratios to the baseline measured in the same run.
TARGETS = {
    "cold_ratio": 0.4,
    "warm_ratio": 0.3,
    "warm_live_ms": 1000.0,
    "p95_ms": 8.0,
    "cold_bytes": 5.86e6,  # a calculator page before the snapshot
}

# Injected before any page script: records when the first output element is parsed,
# when the calculator goes live, every input event and every data-value change of
# the first output.
INSTRUMENT = """
(() => {
  const bench = (window.__bench = {
    outputAt: null, outputFrame: null, liveAt: null, inputs: [], updates: [],
  });
  let first = null;
  const check = () => {
    if (!first) {
      first = document.querySelector("[data-output]");
      if (first) {
        bench.outputAt = performance.now();
        requestAnimationFrame(() => (bench.outputFrame = performance.now()));
      }
    }
    const root = document.querySelector("[data-calculator], [data-exercise]");
    if (root && bench.liveAt === null && root.dataset.state === "live") bench.liveAt = performance.now();
  };
  new MutationObserver((records) => {
    const now = performance.now();
    check();
    for (const record of records) {
      if (record.attributeName === "data-value" && record.target === first) bench.updates.push(now);
    }
  }).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-state", "data-value"],
  });
  document.addEventListener("input", (event) => bench.inputs.push(event.timeStamp), true);
  bench.waitForUpdates = (count, timeout) =>
    new Promise((resolve) => {
      const start = performance.now();
      const poll = () => {
        const done = bench.updates.length >= count || performance.now() - start > timeout;
        if (done) resolve(bench.updates.length);
        else setTimeout(poll, 0);
      };
      poll();
    });
})();
"""

# One edit: the field's new value and its input event, as typing makes them.
EDIT = """([name, value]) => {
  const input = document.querySelector(`[data-calculator] input[name="${name}"]`);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}"""

BASELINE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline: Pyodide on the main thread</title></head>
<body>
<div data-calculator="{calculator}" data-state="loading">
  {inputs}
  <output data-output="{output}" data-value=""></output>
</div>
<script type="module" src="../baseline.js"></script>
</body></html>
"""

# The common way: load Pyodide on the main thread, unpack the package, compute.
BASELINE_JS = """
import { loadPyodide } from "./pyodide/pyodide.mjs";
const root = document.querySelector("[data-calculator]");
const fields = [...root.querySelectorAll("input[name]")];
const output = root.querySelector("[data-output]");
const py = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
const zip = await (await fetch(new URL("./calculators.zip", import.meta.url))).arrayBuffer();
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(zip), "zip", { extractDir: sitePackages });
const respond = py.pyimport("calculators.web").respond;
function run() {
  const inputs = Object.fromEntries(fields.map((input) => [input.name, input.value]));
  const request = { calculator: root.dataset.calculator, inputs, lang: "en", want: [] };
  const answer = JSON.parse(respond(JSON.stringify(request)));
  if (!answer.ok) return;
  const { value, text } = answer.outputs[output.dataset.output];
  output.dataset.value = String(value);
  output.textContent = text;
}
run();
root.dataset.state = "live";
root.addEventListener("input", run);
"""


@dataclass
class Visit:
    fcp: float | None = None
    output_at: float | None = None
    output_frame: float | None = None
    live: float | None = None
    bytes: int = 0
    urls: list[str] = field(default_factory=list)

    def numbers_in_first_paint(self) -> bool:
        return self.output_at is not None and self.fcp is not None and self.output_at <= self.fcp

    def first_numbers(self) -> float | None:
        return self.fcp if self.numbers_in_first_paint() else self.output_frame


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def build(site: Path, site_url: str) -> tuple[float, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    built = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "precompress.py"), str(site)], check=True)
    return built - start, time.perf_counter() - built


def discover(site: Path) -> tuple[list[str], list[str], list[str]]:
    """(calculator pages, practice pages, knowledge pages) as paths relative to the site root.

    Practice pages with exercises on them start Python at load, because it checks the
    answers; they are neither calculator pages nor knowledge pages."""
    calculators: list[str] = []
    practice: list[str] = []
    knowledge: list[str] = []
    for index in sorted(site.rglob("index.html")):
        path = index.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        html = index.read_text(encoding="utf-8")
        kind = calculators if "data-calculator=" in html else practice if "data-exercise=" in html else knowledge
        kind.append(path)
    return calculators, practice, knowledge


class Bench:
    def __init__(self, playwright: Playwright) -> None:
        self.playwright = playwright

    @contextmanager
    def profile(self, user_data_dir: Path) -> Iterator[BrowserContext]:
        context = self.playwright.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=VIEWPORT
        )
        context.add_init_script(INSTRUMENT)
        try:
            yield context
        finally:
            context.close()

    def visit(self, context: BrowserContext, url: str, live: bool) -> tuple[Page, Visit]:
        page = context.new_page()
        visit = Visit()
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(url)
        if live:
            page.wait_for_function(
                "() => window.__bench && window.__bench.liveAt !== null", timeout=LIVE_TIMEOUT_MS, polling=50
            )
        page.wait_for_load_state("networkidle")
        marks = page.evaluate(
            """() => ({
                fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
                outputAt: window.__bench.outputAt,
                outputFrame: window.__bench.outputFrame,
                liveAt: window.__bench.liveAt,
            })"""
        )
        visit.fcp, visit.output_at, visit.live = marks["fcp"], marks["outputAt"], marks["liveAt"]
        visit.output_frame = marks["outputFrame"]
        for request in finished:
            sizes = request.sizes()
            visit.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            visit.urls.append(request.url)
        return page, visit

    def latency(self, page: Page, edits: int) -> list[float]:
        """Fill a field that moves the first output with `edits` distinct values, one at a time."""
        field_name, values = page.evaluate(
            """() => {
                const inputs = [...document.querySelectorAll("[data-calculator] input[name]")];
                return [inputs.map((i) => i.name), inputs.map((i) => i.value)];
            }"""
        )
        chosen = None
        for name, value in zip(field_name, values, strict=True):
            try:
                base = float(value)
            except ValueError:
                continue
            before = page.evaluate("() => window.__bench.updates.length")
            page.fill(f'[data-calculator] input[name="{name}"]', _number(base * 1.01 if base else 1))
            if page.evaluate("(n) => window.__bench.waitForUpdates(n, 3000)", before + 1) > before:
                chosen = (name, base if base else 1.0)
                break
            page.fill(f'[data-calculator] input[name="{name}"]', value)
            page.wait_for_timeout(500)
        if chosen is None:
            raise RuntimeError(f"{page.url}: no input moves the first output")
        name, base = chosen
        page.wait_for_timeout(500)
        samples = []
        for i in range(edits):
            # Alternate around the default so every edit changes the result.
            value = base * (1 + (0.002 * (i % 50 + 1)) * (1 if i % 2 else -1))
            inputs_before = page.evaluate("() => [window.__bench.inputs.length, window.__bench.updates.length]")
            # The edit is made in the page, as a keystroke would: Playwright's fill() adds its own
            # checks (layout reads) on the page's main thread right after the input event, which
            # delayed the answer's handling by ~3 ms in every sample, ours and the baseline's alike.
            page.evaluate(EDIT, [name, _number(value)])
            got = page.evaluate("(n) => window.__bench.waitForUpdates(n, 5000)", inputs_before[1] + 1)
            if got <= inputs_before[1]:
                continue  # no visible change: not a latency sample
            start, end = page.evaluate(
                "([i, u]) => [window.__bench.inputs[i], window.__bench.updates[u]]", inputs_before
            )
            samples.append(end - start)
        return samples


def _number(value: float) -> str:
    return f"{value:.6g}"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def snapshot_sizes(site: Path) -> dict[str, int]:
    """Bytes of the interpreter snapshot as stored and as sent (gzip, brotli), and of its trimmed stdlib."""
    found = next((site / "assets" / "calculators").glob("calculators-*.pyodide-*/interpreter.snapshot"))
    sizes = {"raw": found.stat().st_size, "stdlib": (found.parent / "python_stdlib.zip").stat().st_size}
    for suffix in ("gz", "br"):
        twin = found.with_name(f"{found.name}.{suffix}")
        if twin.exists():
            sizes[suffix] = twin.stat().st_size
    return sizes


def time_snapshot(scratch: Path) -> float:
    """Seconds Node takes to make the snapshot from scratch (builds take it from a cache)."""
    import site_assets

    package = site_assets.package_zip()
    zipped = scratch / site_assets.package_name(package)
    zipped.write_bytes(package)
    start = time.perf_counter()
    maker = [str(site_assets.SNAPSHOT_MAKER), str(site_assets.PYODIDE_DIR), str(zipped)]
    subprocess.run(
        ["node", *maker, site_assets.package_hash(package), str(scratch / "snapshot")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def write_baseline(directory: Path, site: Path) -> None:
    runtime = next((site / "assets" / "pyodide").iterdir())
    shutil.copytree(runtime, directory / "pyodide", ignore=shutil.ignore_patterns("*.gz", "*.br"))
    shutil.copyfile(next((site / "assets" / "calculators").glob("calculators-*.zip")), directory / "calculators.zip")
    (directory / "baseline.js").write_text(BASELINE_JS, encoding="utf-8")


def baseline_page(directory: Path, site: Path, path: str) -> tuple[str, str]:
    """(calculator, baseline page) for the calculator on ``path``: its fields with their
    defaults and its first output, computed the common way."""
    text = (site / path / "index.html").read_text(encoding="utf-8")
    calculator = text.split('data-calculator="', 1)[1].split('"', 1)[0]
    output = text.split('data-output="', 1)[1].split('"', 1)[0]
    form = text.split('<form class="calc__form"', 1)[1].split("</form>", 1)[0]
    inputs = []
    for tag in form.split("<input ")[1:]:
        tag = tag.split(">", 1)[0]
        if ' name="' not in tag:
            continue  # a range's low or high end: not an input of the model
        name = tag.split(' name="', 1)[1].split('"', 1)[0]
        value = tag.split('value="', 1)[1].split('"', 1)[0]  # still escaped, as HTML wants it
        inputs.append(f'<input name="{name}" value="{value}">')
    (directory / calculator).mkdir(exist_ok=True)
    (directory / calculator / "index.html").write_text(
        BASELINE_HTML.format(calculator=calculator, inputs="\n  ".join(inputs), output=output),
        encoding="utf-8",
    )
    return calculator, calculator + "/"


def fmt_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def fmt_bytes(value: float | None) -> str:
    return "n/a" if value is None else f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value / 1e3:.1f} kB"


def ratio(ours: float | None, base: float | None) -> str:
    return "" if not ours or not base else f"{ours / base:.2f}×"


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="cold and warm visits per page (default 3)")
    parser.add_argument("--edits", type=int, default=200, help="edits for the latency figures (default 200)")
    parser.add_argument("--port", type=int, default=0, help="nginx port (default: a free one)")
    parser.add_argument("--site", type=Path, help="measure this existing build (made for --port) instead")
    parser.add_argument("--pages", nargs="*", help="only these calculator pages, e.g. calculators/ltv-cac/")
    parser.add_argument("--range-edits", type=int, default=40, help="edits with ranges active, per page (default 40)")
    args = parser.parse_args()
    if args.site and not args.port:
        parser.error("--site needs the --port it was built for")

    port = args.port or nginx_site.free_port()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch_name:
        scratch = Path(scratch_name)
        print(f"load average at start: {load_average()} on {os.cpu_count()} CPUs", file=sys.stderr)
        build_s = precompress_s = None
        if args.site:
            site = args.site
        else:
            site = scratch / "site"
            build_s, precompress_s = build(site, f"http://127.0.0.1:{port}/")
            print(f"built in {build_s:.1f} s, precompressed in {precompress_s:.1f} s", file=sys.stderr)
        snapshot_s = time_snapshot(scratch)
        print(f"snapshot made by Node in {snapshot_s:.1f} s", file=sys.stderr)
        calculators, practice, knowledge = discover(site)
        if args.pages:
            calculators = [p for p in calculators if p in args.pages]
        snapshot_sizes_of = snapshot_sizes(site)
        baseline_dir = scratch / "baseline"
        baseline_dir.mkdir()
        write_baseline(baseline_dir, site)
        baseline_server = static_server.start(baseline_dir)
        baseline_url = f"http://127.0.0.1:{baseline_server.server_address[1]}/"
        try:
            with nginx_site.NginxSite(site, "/", port) as server, sync_playwright() as playwright:
                results = measure(
                    Bench(playwright),
                    server.url,
                    baseline_url,
                    baseline_dir,
                    site,
                    calculators,
                    practice,
                    knowledge,
                    args,
                    scratch,
                )
                ranged = measure_ranges(Bench(playwright), server.url, site, calculators, args, scratch)
                nginx_errors = server.errors()
        finally:
            baseline_server.shutdown()
            baseline_server.server_close()
    results["snapshot"] = {"seconds": snapshot_s, **snapshot_sizes_of}
    report(results, build_s, precompress_s, nginx_errors, args)
    report_ranges(ranged)
    report_cohort_fit()
    print(f"\nload average at end: {load_average()}", file=sys.stderr)


def measure(
    bench: Bench,
    url: str,
    baseline_url: str,
    baseline_dir: Path,
    site: Path,
    calculators: list[str],
    practice: list[str],
    knowledge: list[str],
    args: argparse.Namespace,
    scratch: Path,
) -> dict[str, Any]:
    results: dict[str, Any] = {"pages": {}, "knowledge": [], "practice": []}
    profiles = iter(range(10_000))

    def cold_and_warm(page_url: str, latency: bool) -> dict[str, Any]:
        cold, warm, samples = [], [], []
        for run in range(args.runs):
            profile = scratch / f"profile-{next(profiles)}"
            with bench.profile(profile) as context:
                page, visit = bench.visit(context, page_url, live=True)
                cold.append(visit)
                page.wait_for_timeout(SETTLE_MS)
            with bench.profile(profile) as context:
                page, visit = bench.visit(context, page_url, live=True)
                warm.append(visit)
                if latency and run == 0:
                    samples = bench.latency(page, args.edits)
            shutil.rmtree(profile, ignore_errors=True)
        return {"cold": cold, "warm": warm, "latency": samples}

    baselines: dict[str, Any] = {}  # per calculator: the language makes no difference to it
    for path in calculators:
        print(f"measuring {path} ...", file=sys.stderr)
        ours = cold_and_warm(url + path, latency=True)
        calculator, baseline_path = baseline_page(baseline_dir, site, path)
        if calculator not in baselines:
            print(f"measuring the baseline for {calculator} ...", file=sys.stderr)
            baselines[calculator] = cold_and_warm(baseline_url + baseline_path, latency=True)
        results["pages"][path] = {"ours": ours, "baseline": baselines[calculator]}
    print("measuring practice pages ...", file=sys.stderr)
    for path in practice:
        results["practice"].append((path, cold_and_warm(url + path, latency=False)))
    print("measuring knowledge pages ...", file=sys.stderr)
    profile = scratch / "profile-knowledge"
    for path in knowledge:
        shutil.rmtree(profile, ignore_errors=True)
        with bench.profile(profile) as context:
            _, visit = bench.visit(context, url + path, live=False)
        results["knowledge"].append((path, visit))
    return results


def report(
    results: dict[str, Any],
    build_s: float | None,
    precompress_s: float | None,
    nginx_errors: list[str],
    args: argparse.Namespace,
) -> None:
    rows = []
    all_ok = True
    summary: dict[str, list[float]] = {}  # per figure, one value per calculator page

    def row(
        metric: str,
        page: str,
        ours: str,
        base: str = "",
        rat: str = "",
        target: str = "",
        ok: bool | None = None,
    ) -> None:
        nonlocal all_ok
        if ok is False:
            all_ok = False
        rows.append(f"| {metric} | {page} | {ours} | {base} | {rat} | {target} | {'' if ok is None else mark(ok)} |")

    def keep(name: str, value: float | None) -> None:
        if value is not None:
            summary.setdefault(name, []).append(value)

    for path, data in results["pages"].items():
        ours, base = data["ours"], data["baseline"]
        in_first_paint = all(v.numbers_in_first_paint() for v in ours["cold"] + ours["warm"])
        # Parsed before the first contentful paint: in it. Otherwise: the frame after parsing.
        first_numbers = median([v.first_numbers() for v in ours["cold"] + ours["warm"]])
        base_first = median([v.live for v in base["cold"]])
        row(
            "first numbers on screen (pre-rendered, = first contentful paint)",
            path,
            fmt_ms(first_numbers),
            fmt_ms(base_first),
            ratio(first_numbers, base_first),
            "at first paint",
            in_first_paint,
        )
        cold_live = median([v.live for v in ours["cold"]])
        warm_live = median([v.live for v in ours["warm"]])
        base_cold = median([v.live for v in base["cold"]])
        base_warm = median([v.live for v in base["warm"]])
        cold_ok = bool(cold_live and base_cold and cold_live <= TARGETS["cold_ratio"] * base_cold)
        row(
            "time to live, cold profile",
            path,
            fmt_ms(cold_live),
            fmt_ms(base_cold),
            ratio(cold_live, base_cold),
            f"≤ {TARGETS['cold_ratio']}×",
            cold_ok,
        )
        warm_ok = bool(
            warm_live
            and base_warm
            and warm_live <= TARGETS["warm_ratio"] * base_warm
            and warm_live < TARGETS["warm_live_ms"]
        )
        row(
            "time to live, warm (same profile, browser restarted)",
            path,
            fmt_ms(warm_live),
            fmt_ms(base_warm),
            ratio(warm_live, base_warm),
            f"≤ {TARGETS['warm_ratio']}× and < {TARGETS['warm_live_ms']:,.0f} ms",
            warm_ok,
        )
        keep("first", first_numbers)
        keep("cold", cold_live)
        keep("warm", warm_live)
        keep("base_cold", base_cold)
        keep("base_warm", base_warm)
        if cold_live and base_cold:
            keep("cold_ratio", cold_live / base_cold)
        if warm_live and base_warm:
            keep("warm_ratio", warm_live / base_warm)
        samples, base_samples = ours["latency"], base["latency"]
        if samples:
            p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
            b50 = percentile(base_samples, 0.5) if base_samples else None
            b95 = percentile(base_samples, 0.95) if base_samples else None
            row(f"input → output latency p50 ({len(samples)} edits)", path, fmt_ms(p50), fmt_ms(b50), ratio(p50, b50))
            row(
                f"input → output latency p95 ({len(samples)} edits)",
                path,
                fmt_ms(p95),
                fmt_ms(b95),
                ratio(p95, b95),
                f"≤ {TARGETS['p95_ms']:.0f} ms",
                p95 <= TARGETS["p95_ms"],
            )
            keep("p50", p50)
            keep("p95", p95)
            keep("base_p50", b50)
            keep("base_p95", b95)
        cold_bytes = median([v.bytes for v in ours["cold"]])
        warm_bytes = median([v.bytes for v in ours["warm"]])
        base_cold_bytes = median([v.bytes for v in base["cold"]])
        base_warm_bytes = median([v.bytes for v in base["warm"]])
        row(
            "bytes transferred, cold",
            path,
            fmt_bytes(cold_bytes),
            fmt_bytes(base_cold_bytes),
            ratio(cold_bytes, base_cold_bytes),
            f"≤ {fmt_bytes(TARGETS['cold_bytes'])}",
            cold_bytes is not None and cold_bytes <= TARGETS["cold_bytes"],
        )
        row("bytes transferred, warm", path, fmt_bytes(warm_bytes), fmt_bytes(base_warm_bytes))
        keep("cold_bytes", cold_bytes)
        keep("warm_bytes", warm_bytes)
        keep("base_cold_bytes", base_cold_bytes)
        keep("base_warm_bytes", base_warm_bytes)
    for path, data in results["practice"]:
        cold_live = median([v.live for v in data["cold"]])
        warm_live = median([v.live for v in data["warm"]])
        cold_bytes = median([v.bytes for v in data["cold"]])
        warm_bytes = median([v.bytes for v in data["warm"]])
        row("practice page: time to live, cold / warm", path, f"{fmt_ms(cold_live)} / {fmt_ms(warm_live)}")
        row("practice page: bytes, cold / warm", path, f"{fmt_bytes(cold_bytes)} / {fmt_bytes(warm_bytes)}")
        keep("practice_cold", cold_live)
        keep("practice_warm", warm_live)
        keep("practice_cold_bytes", cold_bytes)
        keep("practice_warm_bytes", warm_bytes)
    knowledge = results["knowledge"]
    if knowledge:
        sizes = [v.bytes for _, v in knowledge]
        python_files = ("/assets/pyodide/", "/assets/calculators/")
        pyodide = [p for p, v in knowledge if any(part in u for u in v.urls for part in python_files)]
        row(
            f"bytes transferred, cold, knowledge page (median of {len(sizes)}; max)",
            "handbook pages",
            f"{fmt_bytes(statistics.median(sizes))}; {fmt_bytes(max(sizes))}",
        )
        row(
            "knowledge pages that download any of Pyodide or the package",
            "handbook pages",
            str(len(pyodide)) + (f" ({', '.join(pyodide)})" if pyodide else ""),
            target="0",
            ok=not pyodide,
        )
    snap = results.get("snapshot", {})
    if snap:
        row(
            "interpreter snapshot: raw / gzip / brotli; its trimmed stdlib",
            "",
            f"{fmt_bytes(snap['raw'])} / {fmt_bytes(snap.get('gz'))} / {fmt_bytes(snap.get('br'))}; "
            f"{fmt_bytes(snap['stdlib'])}",
        )
        row("interpreter snapshot made by Node (cached by key in builds)", "", f"{snap['seconds']:.1f} s")
    if build_s is not None:
        row("site build (mkdocs build --strict)", "", f"{build_s:.1f} s")
        row("precompress (gzip -9 + brotli 11, cached by content)", "", f"{precompress_s:.1f} s")

    header = (
        f"Benchmark ({args.runs} runs per figure, medians; Chromium {chromium_version()}, "
        f"{os.cpu_count()} CPUs, load average {load_average()})"
    )
    print(f"\n## {header}\n")
    print("| metric | page | ours | baseline | ours ÷ baseline | target | |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print_summary(summary)
    print(
        f"\nBaseline: loadPyodide() on the main thread, same files, no worker, no snapshot, "
        "Python's http.server (no compression, no caching headers). "
        f"Targets {'all met' if all_ok else 'NOT all met'}."
    )
    if nginx_errors:
        print("\nnginx logged errors:\n" + "\n".join(nginx_errors[:20]))


def spread(values: list[float] | None, fmt: Any) -> str:
    """min–max over the calculator pages (one value if they agree)."""
    if not values:
        return "n/a"
    low, high = fmt(min(values)), fmt(max(values))
    return low if low == high else f"{low}–{high}"


def print_summary(summary: dict[str, list[float]]) -> None:
    """The README's table: each figure's range over the calculator pages."""
    if not summary.get("cold"):
        return

    def times(value: float) -> str:
        return f"{value:.2f}×"

    get = summary.get
    print("\n### Summary (range over the calculator pages)\n")
    print("| figure | ours | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    print(f"| first numbers on screen | {spread(get('first'), fmt_ms)} | {spread(get('base_cold'), fmt_ms)} | | |")
    print(
        f"| time to live, cold | {spread(get('cold'), fmt_ms)} | {spread(get('base_cold'), fmt_ms)} "
        f"| {spread(get('cold_ratio'), times)} | ≤ {TARGETS['cold_ratio']}× |"
    )
    print(
        f"| time to live, warm | {spread(get('warm'), fmt_ms)} | {spread(get('base_warm'), fmt_ms)} "
        f"| {spread(get('warm_ratio'), times)} | ≤ {TARGETS['warm_ratio']}×, < {TARGETS['warm_live_ms']:,.0f} ms |"
    )
    print(
        f"| edit → result p50 / p95 | {spread(get('p50'), fmt_ms)} / {spread(get('p95'), fmt_ms)} "
        f"| {spread(get('base_p50'), fmt_ms)} / {spread(get('base_p95'), fmt_ms)} "
        f"| | p95 ≤ {TARGETS['p95_ms']:.0f} ms |"
    )
    print(
        f"| bytes, calculator page, cold / warm | {spread(get('cold_bytes'), fmt_bytes)} / "
        f"{spread(get('warm_bytes'), fmt_bytes)} | {spread(get('base_cold_bytes'), fmt_bytes)} / "
        f"{spread(get('base_warm_bytes'), fmt_bytes)} | | cold ≤ {fmt_bytes(TARGETS['cold_bytes'])} |"
    )
    if get("practice_cold"):
        print(
            f"| practice pages: time to live cold / warm; bytes cold / warm | {spread(get('practice_cold'), fmt_ms)} / "
            f"{spread(get('practice_warm'), fmt_ms)}; {spread(get('practice_cold_bytes'), fmt_bytes)} / "
            f"{spread(get('practice_warm_bytes'), fmt_bytes)} | | | |"
        )


def chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return "?"
    return next((word for word in out.split() if word[:1].isdigit()), "?")


# One edit, timed in the page: from the input event to the first output's new value, and
# to the ranges' table being refilled for it (null if that did not happen within 20 s).
RANGED_EDIT = """([name, value, waitTable]) => new Promise((resolve) => {
    const root = document.querySelector("[data-calculator]");
    const out = root.querySelector("[data-output]");
    const body = root.querySelector("[data-uncertainty-body]");
    const input = root.querySelector(`form input[name="${name}"]`);
    const before = out.dataset.value;
    const t0 = performance.now();
    let result = null;
    const tableDone = new MutationObserver(() => {
        if (result === null) return;
        tableDone.disconnect();
        resolve([result, performance.now() - t0]);
    });
    const numbers = new MutationObserver(() => {
        if (out.dataset.value === before) return;
        numbers.disconnect();
        result = performance.now() - t0;
        if (!waitTable) return resolve([result, null]);
        tableDone.observe(body, { childList: true, subtree: true, characterData: true });
    });
    numbers.observe(out, { attributes: true, childList: true, characterData: true, subtree: true });
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => { numbers.disconnect(); tableDone.disconnect(); resolve([result, null]); }, 20000);
})"""


def range_plan(path: str, site: Path) -> tuple[str, str, float] | None:
    """(query with two ranges, the field to edit, its default) for the calculator on a page."""
    from calculators import CALCULATORS, run
    from calculators.registry import presentation

    text = (site / path / "index.html").read_text(encoding="utf-8")
    name = text.split('data-calculator="', 1)[1].split('"', 1)[0]
    calc = CALCULATORS[name]
    first = calc.outputs[0].key
    base = run(name, {})["outputs"][first]
    edit = next(
        (f for f in calc.fields if f.default and run(name, {f.name: f.default * 1.01})["outputs"][first] != base),
        None,
    )
    if edit is None:
        return None
    ranged = [f for f in (calc.field(n) for n in presentation(name).sensitivity_fields) if f is not edit][:2]
    query = "&".join(
        f"range.{f.name}={max(f.minimum, f.default * 0.8):g}..{min(f.maximum, f.default * 1.2):g}" for f in ranged
    )
    return query, edit.name, float(edit.default)


def measure_ranges(
    bench: Bench, url: str, site: Path, calculators: list[str], args: argparse.Namespace, scratch: Path
) -> list[tuple[str, list[float], list[float]]]:
    """Per calculator page (one language): edit latency and simulation time with ranges active."""
    found = []
    seen: set[str] = set()
    for path in calculators:
        plan = range_plan(path, site)
        key = path.removeprefix("zh/")
        if plan is None or key in seen:
            continue
        seen.add(key)
        query, field_name, default = plan
        print(f"measuring {path} with ranges ...", file=sys.stderr)
        with bench.profile(scratch / f"profile-ranges-{len(seen)}") as context:
            page, _ = bench.visit(context, f"{url}{path}?{query}", live=True)
            page.wait_for_selector("[data-uncertainty]:not([hidden])", timeout=60_000)
            latencies, simulations = [], []
            for i in range(args.range_edits):
                step = 0.002 * (i % 40 + 1)
                # First edit: its simulation starts 300 ms after its numbers (the debounce) ...
                page.evaluate(RANGED_EDIT, [field_name, f"{default * (1 - step):.6g}", False])
                page.wait_for_timeout(320 + 15 * (i % 5))
                # ... and is running when this edit arrives: its numbers wait for the worker.
                numbers, table = page.evaluate(RANGED_EDIT, [field_name, f"{default * (1 + step):.6g}", True])
                if numbers is not None:
                    latencies.append(numbers)
                if table is not None and numbers is not None:
                    simulations.append(table - numbers)  # includes the 300 ms pause before it starts
                page.wait_for_timeout(200)
        found.append((path, latencies, simulations))
    return found


def report_ranges(found: list[tuple[str, list[float], list[float]]]) -> None:
    print(
        "\n| with ranges (2,000 draws) | page | edit → result p50 / p95, while a simulation runs"
        " | numbers → ranges' table p50 / p95 (300 ms pause + draws) |"
    )
    print("|---|---|---|---|")
    for path, latencies, simulations in found:
        edit = f"{fmt_ms(percentile(latencies, 0.5))} / {fmt_ms(percentile(latencies, 0.95))}" if latencies else "—"
        sim = (
            f"{fmt_ms(percentile(simulations, 0.5))} / {fmt_ms(percentile(simulations, 0.95))}" if simulations else "—"
        )
        print(f"| {len(latencies)} edits | {path} | {edit} | {sim} |")
    print("\nTyping itself never waits: Python runs in a Web Worker; these are the results' delays.")


def report_cohort_fit() -> None:
    """Read and fit a 36 x 36 cohort table (the page's "Fill in from a cohort table"), in CPython."""
    from calculators.cohort_table import parse_table
    from calculators.retention import fit_sbg

    table = "\n".join(",".join(str(int(1000 * 0.8 ** (j**0.7))) for j in range(36 - i)) for i in range(36))
    reads, fits = [], []
    for _ in range(20):
        start = time.perf_counter()
        parsed = parse_table(table)
        middle = time.perf_counter()
        fit_sbg([(month, share / 100) for month, share in parsed.points if share > 0])
        reads.append((middle - start) * 1000)
        fits.append((time.perf_counter() - middle) * 1000)
    print(
        f"\n36 x 36 cohort table in CPython (median of 20): read {statistics.median(reads):.1f} ms,"
        f" fit {statistics.median(fits):.1f} ms"
    )


if __name__ == "__main__":
    main()
