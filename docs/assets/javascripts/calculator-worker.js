// Module Web Worker: one Pyodide per tab, answering calculator requests.
// Messages in:  {type: "init", runtime, package}  then  {id, payload}
// Messages out: {id, answer} or {id, error}
let ready = null;

async function boot(runtimeUrl, packageUrl) {
  const { loadPyodide } = await import(runtimeUrl + "pyodide.mjs");
  // Fetch our package while the runtime compiles.
  const packageBytes = fetch(packageUrl).then((response) => {
    if (!response.ok) throw new Error(`calculators package: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const py = await loadPyodide({ indexURL: runtimeUrl, packageBaseUrl: runtimeUrl });
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(new Uint8Array(await packageBytes), "zip", { extractDir: sitePackages });
  return py.pyimport("calculators.web").respond;
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    ready ??= boot(data.runtime, data.package);
    return;
  }
  try {
    const respond = await ready;
    self.postMessage({ id: data.id, answer: JSON.parse(respond(JSON.stringify(data.payload))) });
  } catch (error) {
    self.postMessage({ id: data.id, error: String(error?.message ?? error) });
  }
};
