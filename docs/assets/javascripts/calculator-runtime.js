// The page side of the worker: started once per tab, kept across instant navigation.
// Calculator and practice pages start it from their <head> (calculator-start.js).
//
// What the worker is doing is announced on window as "calculator-runtime" events, so
// the page can say it: {phase: "waiting"} (another tab is starting its Python first),
// {phase: "downloading", received} (bytes so far), {phase: "started"},
// {phase: "failed", kind: "network" | "server" | "browser"}.
let worker = null;
let nextId = 1;
const pending = new Map();
// Give up once the worker has been silent this long: no bytes arriving, no start.
// Counted from its last message, so a slow link that keeps delivering never times out,
// while a download that stalls or a start that hangs does. Generous: a start without
// the snapshot takes ~5 s of CPU on a 2-core laptop after its downloads.
const SILENCE_MS = 45_000;
let watchdog = 0;
let downloadsUnderWay = 0; // as the worker last reported: a timeout then is the network's
let lastFailure = null;

const tell = (detail) => window.dispatchEvent(new CustomEvent("calculator-runtime", { detail }));

/** Stop the worker and fail every request; the next request starts a new one. */
function fail(message, kind) {
  clearTimeout(watchdog);
  worker?.terminate();
  worker = null;
  lastFailure = Object.assign(new Error(message), { kind });
  for (const { reject } of pending.values()) reject(lastFailure);
  pending.clear();
  tell({ phase: "failed", kind });
}

function listen() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    if (downloadsUnderWay) fail("the download stalled", "network");
    else fail("the calculator runtime did not start in time", "browser");
  }, SILENCE_MS);
}

function receive(data) {
  if (data.type === "waiting") {
    clearTimeout(watchdog); // the tab that starts first has its own; its end lets this one go on
    return tell({ phase: "waiting" });
  }
  if (data.type === "progress") {
    downloadsUnderWay = data.active;
    listen();
    return tell({ phase: "downloading", received: data.received, active: data.active });
  }
  if (data.type === "booting") return listen(); // the snapshot could not be used: a normal start
  if (data.type === "started") {
    clearTimeout(watchdog);
    // How Python started ("snapshot" or "boot"), for tests and the curious.
    document.documentElement.dataset.calculatorRuntime = data.how;
    return tell({ phase: "started" });
  }
  if (data.type === "failed") return fail(data.error, data.kind);
  const call = pending.get(data.id);
  if (!call) return;
  pending.delete(data.id);
  if ("error" in data) call.reject(new Error(data.error));
  else call.resolve(JSON.parse(data.json));
}

function start(runtimeUrl, packageUrl) {
  const early = window.__calculatorWorker;
  window.__calculatorWorker = null; // taken (or not needed): calculator-start.js must not start another
  const url = new URL("./calculator-worker.js", import.meta.url);
  const name = String(new URLSearchParams({ runtime: runtimeUrl, package: packageUrl })); // where Python is (see the worker)
  const started = early?.worker ?? new Worker(url, { type: "module", name });
  worker = started;
  downloadsUnderWay = 0;
  listen();
  // A worker this module has let go of (failed, or retried) is never heard again.
  started.onmessage = ({ data }) => worker === started && receive(data);
  started.onerror = (event) => {
    event.preventDefault();
    if (worker === started) fail(event.message || "worker failed", navigator.onLine ? "browser" : "network");
  };
  for (const data of early?.messages ?? []) receive(data);
  if (early?.error) fail(early.error, navigator.onLine ? "browser" : "network");
}

/** Start afresh: stop the worker (failed, or answering errors) and its timer; the next
 * request starts a new one. */
export function retry() {
  clearTimeout(watchdog);
  worker?.terminate();
  worker = null;
  const error = new Error("the calculator runtime was restarted");
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
}

/** Ask Python to run a calculator; resolves with calculators.web.answer()'s dict. After
 * a failure, the next question starts Python again: the network may be back. */
export function ask(runtimeUrl, packageUrl, payload) {
  if (!worker) start(runtimeUrl, packageUrl);
  if (!worker) return Promise.reject(lastFailure); // the early worker had already failed
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, payload });
  });
}
