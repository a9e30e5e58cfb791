// Module Web Worker: one Pyodide per tab, answering calculator requests.
// Started with the name "runtime=<url>&package=<url>" (calculator-start.js,
// calculator-runtime.js): a worker has its name from its first line, so Python starts
// as soon as this module runs. A first message would wait for the page's busy main
// thread to hand it on (~0.2 s on a warm visit); a query or fragment in the script's
// URL would change its cache key or be dropped by the service worker's cached copy.
// Messages in:  {id, payload}
// Messages out: {type: "waiting"} while another tab of this site starts its Python,
//               {type: "progress", received, active} while files download (bytes so far, files unfinished),
//               {type: "booting"} if the snapshot cannot be used, {type: "started", how: "snapshot" | "boot"}
//               or {type: "failed", error, kind: "network" | "server" | "browser"},
//               then {id, json} (the answer as JSON text) or {id, error}
//
// Python starts from the snapshot the build made (calculator-snapshot.js): fetched,
// checked, restored. If it is missing, damaged, or of another package or Pyodide
// build, Python boots the normal way (seconds); if that fails too, the page keeps
// its pre-rendered numbers and says so.
import { urlOf, watchedFetch } from "./calculator-downloads.js";
import { packageHash, receive, reseed, restoreOptions, snapshotUrls } from "./calculator-snapshot.js";

let failAttempt = null; // rejects the start under way (see "unhandledrejection")

async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Run one loadPyodide() attempt, which fails on the unhandled rejections it may leave. */
function attempt(loadPyodide, options) {
  return new Promise((resolve, reject) => {
    failAttempt = reject;
    loadPyodide(options).then(resolve, reject);
  }).finally(() => (failAttempt = null));
}

function install(py, packageBytes) {
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(packageBytes, "zip", { extractDir: sitePackages });
}

/** Fetch the snapshot for Pyodide `version` and start reading it (see receive()). */
function fetchSnapshot(packageUrl, version) {
  const url = snapshotUrls(packageUrl, version).snapshot;
  const received = fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return receive(response, packageHash(packageUrl));
  });
  received.catch(() => {}); // handled where it is awaited
  return received;
}

/** The Pyodide version a runtime URL names: the build puts it in assets/pyodide/<version>/ (site_assets.py). */
const versionIn = (runtimeUrl) => new URL(runtimeUrl).pathname.split("/").filter(Boolean).pop();

async function boot(runtimeUrl, packageUrl) {
  // Everything Python needs is asked for at once: the wasm compiles from here on, and
  // the snapshot (the longest download) is read from here on, while Pyodide's loader is
  // fetched, parsed and run. Its version, which names the snapshot, is the runtime
  // directory's name; the loader's own word is checked below.
  precompile(new URL("pyodide.asm.wasm", runtimeUrl).href);
  const guessed = versionIn(runtimeUrl);
  let received = fetchSnapshot(packageUrl, guessed);
  const runtime = import(runtimeUrl + "pyodide.asm.mjs");
  const { loadPyodide, version } = await import(runtimeUrl + "pyodide.mjs");
  if (version !== guessed) {
    received.then(({ cancel }) => cancel(), () => {});
    received = fetchSnapshot(packageUrl, version);
  }
  const urls = snapshotUrls(packageUrl, version);
  const packageBytes = bytes(packageUrl);
  packageBytes.catch(() => {}); // reported where it is awaited
  const options = { indexURL: runtimeUrl, packageBaseUrl: runtimeUrl };
  let py = null;
  try {
    const restore = restoreOptions(await received, urls.stdlib, (await runtime).default);
    py = await attempt(loadPyodide, { ...options, ...restore });
    reseed(py);
    self.postMessage({ type: "started", how: "snapshot" });
    // The snapshot holds the imported package, its data files already read: the files
    // themselves (for tracebacks and the like) are unpacked once no request has come
    // for a while, not beside the reader's first edits (~0.1 s of work).
    const restored = py;
    whenQuiet(async () => {
      try {
        install(restored, await packageBytes);
      } catch (error) {
        console.warn(`calculators: package files not installed (${error?.message ?? error})`);
      }
    });
  } catch (error) {
    if (error?.url?.endsWith(".wasm")) throw error; // a normal start needs the same file
    console.warn(`calculators: starting Python without the snapshot (${error?.message ?? error})`);
    self.postMessage({ type: "booting" });
    py = await attempt(loadPyodide, { ...options, createPyodideModule: (await runtime).default });
    install(py, await packageBytes);
    self.postMessage({ type: "started", how: "boot" });
  }
  return py.pyimport("calculators.web").respond;
}

const QUIET_MS = 2_000;
let lastRequest = 0; // performance.now() of the page's last request

/** Run `work` once the page has asked nothing for QUIET_MS. */
function whenQuiet(work) {
  const wait = lastRequest + QUIET_MS - performance.now();
  if (wait > 0) setTimeout(() => whenQuiet(work), wait);
  else work();
}

/** One cold start at a time among this site's tabs: ten tabs opened at once would
 * otherwise download and start ten runtimes together, and all be too slow. The others
 * wait (and say so); by their turn the files are in the browser's cache. */
function oneAtATime(name, start) {
  const locks = self.navigator.locks; // missing outside a secure context: no waiting then
  if (!locks) return start();
  return locks.request(name, { ifAvailable: true }, (lock) => {
    if (lock) return start();
    self.postMessage({ type: "waiting" });
    return locks.request(name, start);
  });
}

/** Whose fault a failed start is, for the page's message. */
function kindOf(error) {
  if (error?.kind) return error.kind;
  // It began as WebAssembly but does not compile: cut short or damaged on its way.
  if (error instanceof WebAssembly.CompileError) return "server";
  if (self.navigator.onLine === false) return "network";
  // A module import (the Pyodide loader) that could not be fetched.
  return error instanceof TypeError && /fetch/i.test(error.message) ? "network" : "browser";
}

// Every download, Pyodide's own included, is checked early and counted for the page's
// watchdog, which gives up on a download that stalls, never on one that is slow.
self.fetch = watchedFetch(
  self.fetch.bind(self),
  ({ received, active }) => self.postMessage({ type: "progress", received, active }),
  (error) => failAttempt?.(error),
);

// The wasm is compiled once, as early as the worker knows where it is (precompile),
// instead of when Pyodide's loader gets to it (~0.3 s later). Pyodide's own fetch of it
// is then answered with a stand-in that carries the compiled module, and its call to
// instantiateStreaming instantiates that module.
const compiled = new Map(); // wasm URL -> Promise<WebAssembly.Module>
const watched = self.fetch;

function precompile(url) {
  if (!compiled.has(url)) {
    const module = WebAssembly.compileStreaming(watched(url));
    module.catch(() => compiled.delete(url)); // reported by the instantiation; a restart tries again
    compiled.set(url, module);
  }
}

self.fetch = (resource, options) => {
  const module = compiled.get(urlOf(resource));
  if (!module) return watched(resource, options);
  return Promise.resolve(Object.assign(new Response(null, { headers: { "Content-Type": "application/wasm" } }), { module }));
};

// loadPyodide() does not always reject when the runtime fails to load: a failed
// wasm instantiation (e.g. the .wasm cannot be fetched) is only logged, and other
// failures surface as unhandled rejections. Both fail the start under way.
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = (source, imports) => {
  const instantiated = Promise.resolve(source).then(async (response) => {
    if (!response.module) return instantiateStreaming.call(WebAssembly, response, imports);
    const module = await response.module;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  });
  instantiated.catch((error) => failAttempt?.(error));
  return instantiated;
};
self.addEventListener("unhandledrejection", (event) => {
  if (!failAttempt) return;
  event.preventDefault();
  failAttempt(event.reason);
});

const given = new URLSearchParams(self.name);
const site = new URL(".", given.get("package")).href;
const ready = oneAtATime(`calculators-start ${site}`, () => boot(given.get("runtime"), given.get("package")));
// Every request then answers with the error; the page is told at once, and why.
ready.catch((error) => self.postMessage({ type: "failed", error: String(error?.message ?? error), kind: kindOf(error) }));

self.onmessage = async ({ data }) => {
  lastRequest = performance.now();
  try {
    const respond = await ready;
    // The answer goes as the JSON text Python wrote: one string to copy, not an object tree.
    self.postMessage({ id: data.id, json: respond(JSON.stringify(data.payload)) });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
