// Starts the calculators' worker from the top of the <head> of a calculator or
// practice page (overrides/main.html), while the page is still parsing: an async
// classic script, so it runs as soon as it arrives, before the theme's bundle keeps
// the main thread busy, and blocks nothing. The worker then fetches Python off the
// main thread. calculator-runtime.js adopts it (and the messages it sent meanwhile);
// on pages reached by instant navigation it starts one itself.
(() => {
  if (window.__calculatorWorker !== undefined) return; // the page script was faster and started one
  const script = document.currentScript;
  const at = (value) => new URL(value, document.baseURI).href;
  // Where Python is, in the worker's name (see the worker).
  const name = String(new URLSearchParams({ runtime: at(script.dataset.runtime), package: at(script.dataset.package) }));
  const worker = new Worker(new URL("calculator-worker.js", script.src), { type: "module", name });
  const early = { worker, messages: [] };
  worker.onmessage = ({ data }) => early.messages.push(data);
  worker.onerror = (event) => {
    event.preventDefault();
    early.error = event.message || "worker failed";
  };
  window.__calculatorWorker = early;
})();
