// The page side of the worker: started once per tab, kept across instant navigation.
// Calculator and exercise pages load this module from their <head> too
// (overrides/main.html), so the worker starts while the page is still parsing.
let worker = null;
let nextId = 1;
const pending = new Map();
// Python has not answered this long after the worker started: give up, so the
// page shows its error notice instead of "loading" forever. Generous: a start
// without the snapshot takes ~5 s on a 2-core laptop.
const START_TIMEOUT_MS = 45_000;
let failure = null; // once the worker has failed, every request fails at once

function failAll(message) {
  for (const { reject } of pending.values()) reject(new Error(message));
  pending.clear();
}

function fail(message) {
  failure ??= message;
  worker?.terminate();
  failAll(message);
}

function start(runtimeUrl, packageUrl) {
  worker = new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
  const watchdog = setTimeout(() => fail("the calculator runtime did not start in time"), START_TIMEOUT_MS);
  worker.onmessage = ({ data }) => {
    clearTimeout(watchdog);
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
  worker.postMessage({ type: "init", runtime: runtimeUrl, package: packageUrl });
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

// Loaded from the head of a page that needs Python: start it now.
const early = document.querySelector("script[data-calculator-start]");
if (early && !worker) {
  start(new URL(early.dataset.runtime, document.baseURI).href, new URL(early.dataset.package, document.baseURI).href);
}
