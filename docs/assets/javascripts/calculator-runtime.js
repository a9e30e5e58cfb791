// The page side of the worker: started once per tab, kept across instant navigation.
let worker = null;
let nextId = 1;
const pending = new Map();

function failAll(message) {
  for (const { reject } of pending.values()) reject(new Error(message));
  pending.clear();
}

function start(runtimeUrl, packageUrl) {
  worker = new Worker(new URL("./calculator-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    const call = pending.get(data.id);
    if (!call) return;
    pending.delete(data.id);
    if ("error" in data) call.reject(new Error(data.error));
    else call.resolve(data.answer);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    failAll(event.message || "worker failed");
  };
  worker.postMessage({ type: "init", runtime: runtimeUrl, package: packageUrl });
}

/** Ask Python to run a calculator; resolves with calculators.web.answer()'s dict. */
export function ask(runtimeUrl, packageUrl, payload) {
  if (!worker) start(runtimeUrl, packageUrl);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, payload });
  });
}
