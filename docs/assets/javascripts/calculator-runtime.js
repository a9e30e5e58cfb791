// The page side of the worker: started once per tab, kept across instant navigation.
// Calculator and practice pages start it from their <head> (calculator-start.js).
let worker = null;
let nextId = 1;
const pending = new Map();
// Python has not answered this long after the worker started: give up, so the
// page shows its error notice instead of "loading" forever. Generous: a start
// without the snapshot takes ~5 s on a 2-core laptop.
const START_TIMEOUT_MS = 45_000;
let failure = null; // once the worker has failed, every request fails at once (until retry())
let watchdog = 0; // the running start's timer, so that a retry can stop the old one

function failAll(message) {
  for (const { reject } of pending.values()) reject(new Error(message));
  pending.clear();
}

function fail(message) {
  clearTimeout(watchdog);
  failure ??= message;
  worker?.terminate();
  failAll(message);
}

function start(runtimeUrl, packageUrl) {
  const early = window.__calculatorWorker;
  window.__calculatorWorker = null; // taken (or not needed): calculator-start.js must not start another
  worker = early?.worker ?? new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
  const timeout = () => setTimeout(() => fail("the calculator runtime did not start in time"), START_TIMEOUT_MS);
  clearTimeout(watchdog);
  watchdog = timeout();
  worker.onmessage = ({ data }) => {
    clearTimeout(watchdog);
    if (data.type === "booting") {
      watchdog = timeout(); // the snapshot could not be used: a normal start gets its own time
      return;
    }
    if (data.type === "started") {
      // How Python started ("snapshot" or "boot"), for tests and the curious.
      document.documentElement.dataset.calculatorRuntime = data.how;
      return;
    }
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    if ("error" in data) call.reject(new Error(data.error));
    else call.resolve(data.answer);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    clearTimeout(watchdog);
    fail(event.message || "worker failed");
  };
  if (early) {
    for (const data of early.messages) worker.onmessage({ data });
    if (early.error) fail(early.error);
  } else {
    worker.postMessage({ type: "init", runtime: runtimeUrl, package: packageUrl });
  }
}

/** Start afresh: stop the worker (failed, or answering errors) and its timer; the next
 * request starts a new one. */
export function retry() {
  clearTimeout(watchdog);
  failure = null;
  worker?.terminate();
  worker = null;
  failAll("the calculator runtime was restarted");
}

/** Ask Python to run a calculator; resolves with calculators.web.answer()'s dict. */
export function ask(runtimeUrl, packageUrl, payload) {
  if (failure) return Promise.reject(new Error(failure));
  if (!worker) start(runtimeUrl, packageUrl);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, payload });
  });
}
