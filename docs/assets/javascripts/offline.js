// Registers the service worker (sw.js, written by scripts/hooks/offline_hook.py) and
// drives the footer's "Download for offline use" control and update notice. Every
// page keeps its own language's pages for offline reading; a calculator that has gone
// live keeps the runtime too; the button keeps everything with a progress bar.
const MB = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

function formatted(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

/** Ask the active worker to keep `groups`; progress and the end come back as messages. */
function keep(groups) {
  navigator.serviceWorker.controller?.postMessage({ type: "keep", groups });
}

function bindControl(root, registration) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  const lang = root.dataset.lang;
  const groups = ["theme", lang, "runtime"];
  const button = root.querySelector("[data-offline-start]");
  const bar = root.querySelector("[data-offline-bar]");
  const status = root.querySelector("[data-offline-status]");
  fetch(root.dataset.list, { cache: "no-cache" })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.status))))
    .then(({ files }) => {
      const size = files.filter(([, , group]) => groups.includes(group)).reduce((sum, [, bytes]) => sum + bytes, 0);
      button.textContent = formatted(root.dataset.msgOffer, { size: MB(size) });
      root.hidden = false;
    })
    .catch(() => {}); // offline already, or no list: nothing to offer
  button.addEventListener("click", () => {
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    status.textContent = "";
    keep(groups);
  });
  showUpdate(root, registration);
}

function showUpdate(root, registration) {
  const notice = root.querySelector("[data-offline-update]");
  const next = registration.waiting;
  if (!notice || !next || !navigator.serviceWorker.controller) return;
  root.hidden = false;
  notice.hidden = false;
  notice.querySelector("[data-offline-update-text]").textContent = root.dataset.msgUpdate;
  notice.querySelector("[data-offline-reload]").onclick = () => next.postMessage({ type: "take-over" });
  // Taking over (here or in another tab) ends the notice; the page then reloads.
  next.addEventListener("statechange", () => (notice.hidden = next.state === "installed"));
}

function progress(message) {
  const wanted = (groups) => groups?.includes("runtime") && groups.length > 1; // the button's, not a page's own
  if (!wanted(message.groups)) return;
  for (const root of document.querySelectorAll("[data-offline]")) {
    const bar = root.querySelector("[data-offline-bar]");
    const status = root.querySelector("[data-offline-status]");
    const button = root.querySelector("[data-offline-start]");
    if (message.type === "offline-progress") {
      bar.hidden = false;
      bar.value = message.total ? message.done / message.total : 1;
      status.textContent = formatted(root.dataset.msgProgress, { done: MB(message.done), total: MB(message.total) });
    } else if (message.type === "offline-done") {
      bar.value = 1;
      bar.hidden = true;
      button.hidden = true;
      status.textContent = root.dataset.msgDone;
      root.dataset.offlineState = "done";
    } else if (message.type === "offline-failed") {
      bar.hidden = true;
      button.disabled = false;
      status.textContent = formatted(root.dataset.msgFailed, { reason: message.reason });
      root.dataset.offlineState = "failed";
    }
  }
}

/** On a page whose calculator is starting Python, resolves once Python has started or
 * failed (at most 30 s): a first visit's install keeps ~1.7 MB of files, and on two
 * cores that work slowed Python's start. Other pages resolve at once. */
function calculatorSettled() {
  const starting = document.querySelector("[data-runtime]") && !document.documentElement.dataset.calculatorRuntime;
  if (!starting) return Promise.resolve();
  return new Promise((resolve) => {
    window.addEventListener("calculator-runtime", ({ detail }) => ["started", "failed"].includes(detail.phase) && resolve());
    setTimeout(resolve, 30_000);
  });
}

async function start() {
  const root = document.querySelector("[data-offline]");
  if (!root || !navigator.serviceWorker) return; // not over HTTPS or localhost (or switched off): nothing to keep
  await calculatorSettled();
  let registration;
  try {
    registration = await navigator.serviceWorker.register(root.dataset.worker);
  } catch (error) {
    console.warn(`offline: the service worker was not registered (${error?.message ?? error})`);
    return;
  }
  if (!registration) return; // service workers switched off (an automated browser, say)
  navigator.serviceWorker.addEventListener("message", ({ data }) => progress(data ?? {}));
  // A new build took over (the reader pressed Reload): show its pages, not the old one's.
  // (The first worker taking charge of a page that had none is no reason to reload.)
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (controlled) window.location.reload();
    controlled = true;
  });
  registration.addEventListener("updatefound", () => {
    const next = registration.installing;
    next?.addEventListener("statechange", () => {
      if (next.state === "installed") for (const el of document.querySelectorAll("[data-offline]")) showUpdate(el, registration);
    });
  });
  await navigator.serviceWorker.ready;
  const bindPage = () => {
    for (const el of document.querySelectorAll("[data-offline]")) bindControl(el, registration);
    keep(["theme", root.dataset.lang]); // this language's pages, for reading offline
    // A calculator that has started here keeps its runtime; by then its files are in the
    // browser's cache, so this downloads nothing twice.
    if (document.documentElement.dataset.calculatorRuntime) keep(["runtime"]);
  };
  window.addEventListener("calculator-runtime", ({ detail }) => detail.phase === "started" && keep(["runtime"]));
  if (navigator.serviceWorker.controller) bindPage();
  else navigator.serviceWorker.addEventListener("controllerchange", bindPage, { once: true });
  document$.subscribe(() => navigator.serviceWorker.controller && bindPage());
}

start();
