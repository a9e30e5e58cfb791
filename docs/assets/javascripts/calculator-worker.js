// Module Web Worker: one Pyodide per tab, answering calculator requests.
// Messages in:  {type: "init", runtime, package}  then  {id, payload}
// Messages out: {id, answer} or {id, error}
import { SNAPSHOT_OPTIONS, forget, remember, restore } from "./calculator-snapshot.js";

let ready = null;
let failBoot = null; // rejects `ready` while Pyodide is starting

async function boot(runtimeUrl, packageUrl) {
  const { loadPyodide } = await import(runtimeUrl + "pyodide.mjs");
  // Fetch our package while the runtime compiles.
  const packageBytes = fetch(packageUrl).then((response) => {
    if (!response.ok) throw new Error(`calculators package: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const options = { indexURL: runtimeUrl, packageBaseUrl: runtimeUrl };
  const snapshotKey = `${runtimeUrl} ${packageUrl}`;
  // Restore the interpreter saved by an earlier visit, if any (calculator-snapshot.js).
  const restored = await restore(loadPyodide, options, snapshotKey);
  const py = restored ?? (await loadPyodide({ ...options, ...SNAPSHOT_OPTIONS }));
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(await packageBytes), "zip", { extractDir: sitePackages });
  if (!restored) remember(py, snapshotKey, "calculators.web");
  return py.pyimport("calculators.web").respond;
}

// loadPyodide() does not always reject when the runtime fails to load (e.g. the
// .wasm cannot be fetched): the failure surfaces as an unhandled rejection instead.
self.addEventListener("unhandledrejection", (event) => {
  if (!failBoot) return;
  event.preventDefault();
  failBoot(event.reason);
});

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    if (ready) return;
    ready = new Promise((resolve, reject) => {
      failBoot = reject;
      boot(data.runtime, data.package).then(resolve, reject);
    });
    // A failed start also drops any saved snapshot, in case it was the cause.
    ready.then(() => (failBoot = null), () => ((failBoot = null), forget()));
    return;
  }
  try {
    const respond = await ready;
    self.postMessage({ id: data.id, answer: JSON.parse(respond(JSON.stringify(data.payload))) });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
