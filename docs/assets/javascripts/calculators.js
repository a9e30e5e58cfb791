// Binds every [data-calculator] widget on the page to Python running in the worker.
// Generic: it knows no calculator by name; labels, numbers and messages come from Python.
import { ask, retry } from "./calculator-runtime.js";
import { drawCharts, dropDetachedCharts, loadChartLibrary } from "./calculator-charts.js";
import { rangesOf, showUncertainty } from "./calculator-ranges.js";
import { bindCohortTable } from "./calculator-cohort.js";
import { bindCurrency } from "./calculator-currency.js";
import { bindScenarios } from "./calculator-scenarios.js";
import { bindSolve } from "./calculator-solve.js";
import {
  bindTools,
  defaultsOf,
  fillSensitivity,
  inputsOf,
  prefillFromQuery,
  reportIgnored,
  shareUrl,
} from "./calculator-tools.js";

const SENSITIVITY_DELAY_MS = 250; // recompute the table once typing pauses
const SIMULATE_DELAY_MS = 300; // 2,000 runs of the model: only once typing pauses
const URL_DELAY_MS = 150; // the share link in the address bar, once typing pauses
// The charts of the pre-rendered defaults are drawn only if Python has not answered by
// then (or cannot draw its own): drawn at once, Chart.js's first run and the drawing took
// ~0.25 s of the main thread beside Python's start on two cores, and Python's first answer
// drew them again a moment later.
const PRE_RENDERED_CHARTS_MS = 1_500;

const capital = (word) => word[0].toUpperCase() + word.slice(1);

/** data-state and the status line. While the results shown belong to other inputs than the
 * form's (`stale`), the results say so: aria-busy while Python may still answer, dimmed.
 * An error says whose fault it is when known (`kind`: "network" or "server"). */
function setState(root, state, stale = false, kind = "") {
  root.dataset.state = state;
  if (state === "error" && kind) root.dataset.failure = kind;
  else delete root.dataset.failure;
  const pending = stale && (state === "static" || state === "loading");
  const marked = stale && (pending || state === "error");
  const results = root.querySelector(".calc__results");
  if (results) setAttr(results, "aria-busy", String(pending));
  if (marked) root.dataset.stale = "true";
  else delete root.dataset.stale;
  const status = root.querySelector("[data-status]");
  const key = marked ? `msgStale${capital(pending ? "busy" : "error")}` : `msg${capital(state)}`;
  const message = (state === "error" && kind && root.dataset[key + capital(kind)]) || root.dataset[key];
  if (status && message) setText(status, message);
  const retryButton = root.querySelector("[data-retry]");
  if (retryButton) retryButton.hidden = state !== "error";
  if (state !== "loading") showProgress(root, null);
}

/** Under the status while Python is on its way: the bytes downloaded, or that another tab goes first. */
function showProgress(root, detail) {
  const line = root.querySelector("[data-runtime-progress]");
  if (!line) return;
  const phase = detail?.phase;
  line.hidden = !(phase === "downloading" || phase === "waiting");
  if (phase === "waiting") line.textContent = root.dataset.msgWaiting;
  if (phase === "downloading") {
    line.textContent = root.dataset.msgDownloading.replace("{mb}", (detail.received / 1e6).toFixed(1));
  }
}

const restarts = new Map(); // bound widget → its restart, for the connection's return

window.addEventListener("calculator-runtime", ({ detail }) => {
  for (const root of document.querySelectorAll('[data-calculator][data-state="loading"]')) showProgress(root, detail);
});
// The connection is back: every widget that failed for want of it starts again.
window.addEventListener("online", () => {
  for (const [root, restart] of restarts) {
    if (!root.isConnected) restarts.delete(root);
    else if (root.dataset.state === "error") restart();
  }
});

/** Mark scroll boxes whose content is wider than they are, so CSS can show the scroll hint. */
function markOverflow(root) {
  for (const box of root.querySelectorAll(".calc__scroll")) {
    box.toggleAttribute("data-overflows", box.scrollWidth > box.clientWidth + 1);
  }
}

// Every edit rewrites the results: only what changed is touched, so the browser has
// less to restyle and lay out before the next answer (an edit changes a few numbers).
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

// Each widget's message slots and the inputs each one speaks for, found once: every edit
// shows its messages twice (the inputs', the ranges'), and searching the form for every
// slot each time was most of the page's work per answer.
const messageSlots = new WeakMap(); // root -> [{slot, key, inputs}]

function slotsOf(root) {
  if (!messageSlots.has(root)) {
    const slots = [...root.querySelectorAll("[data-error-for]")].map((slot) => {
      const key = slot.dataset.errorFor;
      const range = key.startsWith("range.");
      const name = CSS.escape(range ? key.slice("range.".length) : key);
      const inputs = range
        ? root.querySelectorAll(`[data-range-low="${name}"], [data-range-high="${name}"]`)
        : root.querySelectorAll(`form input[name="${name}"]`);
      return { slot, key, range, inputs: [...inputs] };
    });
    messageSlots.set(root, slots);
  }
  return messageSlots.get(root);
}

/** Field messages: the inputs' own, or with prefix "range." those of their ranges. */
function showErrors(root, errors, prefix = "") {
  for (const { slot, key, range, inputs } of slotsOf(root)) {
    if (range !== (prefix === "range.")) continue;
    const message = errors[key] ?? "";
    setText(slot, message);
    for (const input of inputs) setAttr(input, "aria-invalid", message ? "true" : "false");
  }
}

function showResults(root, answer) {
  for (const [key, { value, text }] of Object.entries(answer.outputs)) {
    const output = root.querySelector(`[data-output="${key}"]`);
    if (!output) continue;
    setAttr(output, "data-value", value === null ? "" : String(value));
    setText(output, text);
  }
  for (const slot of root.querySelectorAll("[data-summary]")) {
    setText(slot, answer.outputs[slot.dataset.summary]?.text ?? "");
  }
  for (const link of root.querySelectorAll("[data-calc-link]")) {
    const query = answer.links?.[Number(link.dataset.calcLink)] ?? null;
    link.hidden = query === null;
    if (query !== null) link.href = `${link.dataset.base}?${query}`;
  }
  const notes = root.querySelector("[data-notes]");
  const shownNotes = [...(notes?.children ?? [])].map((item) => [item.dataset.note, item.textContent]);
  if (!notes || JSON.stringify(shownNotes) === JSON.stringify(answer.notes.map(({ code, text }) => [code, text]))) return;
  notes.replaceChildren(
    ...answer.notes.map(({ code, text }) => {
      const item = document.createElement("li");
      item.dataset.note = code;
      item.textContent = text;
      return item;
    }),
  );
}

/** Keep the address bar a share link, without disturbing instant navigation's history state. */
function rememberInUrl(root, state) {
  const url = shareUrl(root, state.linkParameters());
  if (url !== window.location.href) history.replaceState(history.state, "", url);
}

// history.replaceState takes 1–7 ms in Chromium, which also throttles frequent calls: after
// an edit the address bar follows once typing pauses, after the numbers. A click (a link,
// instant navigation) or leaving the page writes it at once, so Back returns to what was shown.
let urlUpdate = null;
let urlTimer = 0;

function rememberLater(root, state) {
  clearTimeout(urlTimer);
  urlUpdate = () => root.isConnected && rememberInUrl(root, state);
  urlTimer = setTimeout(flushUrl, URL_DELAY_MS);
}

function flushUrl() {
  clearTimeout(urlTimer);
  const update = urlUpdate;
  urlUpdate = null;
  update?.();
}

document.addEventListener("click", flushUrl, true);
window.addEventListener("pagehide", flushUrl);

function bind(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  const runtime = new URL(root.dataset.runtime, document.baseURI).href;
  const pkg = new URL(root.dataset.package, document.baseURI).href;
  let currency = () => "CNY";
  // Every question to Python names the calculator, the page's language and currency.
  const askPython = (payload) =>
    ask(runtime, pkg, { calculator: root.dataset.calculator, lang: root.dataset.lang, currency: currency(), ...payload });
  const request = (inputs, want, extra = {}) => askPython({ inputs, want, ...extra });
  const state = { lastResult: null, simulated: null, scenarios: null, recompute };
  // What a share link carries besides the inputs and ranges.
  state.linkParameters = () => state.scenarios?.parameters() ?? [];
  let shownInputs = null; // the form's inputs that state.lastResult answers
  // The numbers' answer leaves out the charts' series (the holdout test's power curve is most
  // of its work); the charts' answer brings them. An export made in between asks for them.
  state.resultWithSeries = async () => {
    const result = state.lastResult;
    if (!result || result.series) return result;
    try {
      const full = await request(shownInputs, []);
      if (!full.ok) return result;
      if (state.lastResult === result) state.lastResult = full.result; // unless newer numbers came meanwhile
      return full.result;
    } catch {
      return result; // the exports still write the numbers
    }
  };
  let latest = 0;
  let asked = null; // the inputs of the newest request, as JSON
  // What the results on the page belong to: the build wrote them for the defaults, in ¥.
  let shown = JSON.stringify([defaultsOf(root), "CNY"]);
  let sensitivityFor = null; // the inputs the sensitivity table shows
  let sensitivityTimer = 0;
  let chartsFrame = 0; // the next frame's request for the charts, if one is planned
  let chartsDrawn = false; // by Python, or from the page's pre-rendered defaults
  let preRenderedTimer = 0; // while the defaults' charts wait for Python
  const drawPreRendered = () => {
    clearTimeout(preRenderedTimer);
    preRenderedTimer = 0;
    if (chartsDrawn || !root.isConnected) return;
    chartsDrawn = true;
    drawCharts(root, null);
  };
  preRenderedTimer = setTimeout(drawPreRendered, PRE_RENDERED_CHARTS_MS);
  let simulatedFor = null; // the inputs, ranges and currency the uncertainty section shows
  let simulateTimer = 0;
  let simulateTicket = 0;

  // The ranges' section shows other inputs' draws until the new ones arrive: marked, dimmed.
  function markUncertainty(stale) {
    const section = root.querySelector("[data-uncertainty]");
    if (!section) return;
    section.setAttribute("aria-busy", String(stale));
    section.toggleAttribute("data-stale", stale);
  }

  // After the numbers, once typing pauses: the ranges' 2,000 draws, for the newest inputs only.
  function simulateLater(inputs) {
    const ranges = rangesOf(root);
    const key = JSON.stringify([inputs, ranges, currency()]);
    if (key === simulatedFor) return;
    clearTimeout(simulateTimer);
    const ticket = ++simulateTicket;
    state.simulated = null; // no longer the numbers beside it
    markUncertainty(true);
    if (!Object.keys(ranges).length) {
      simulatedFor = key;
      showErrors(root, {}, "range.");
      showUncertainty(root, null);
      return;
    }
    simulateTimer = setTimeout(async () => {
      let answer;
      try {
        answer = await request(inputs, ["simulate"], { ranges });
      } catch {
        if (ticket === simulateTicket) showUncertainty(root, null); // the main numbers say what went wrong
        return;
      }
      if (ticket !== simulateTicket || !root.isConnected) return;
      if (!answer.ok) return showUncertainty(root, null);
      markUncertainty(false);
      simulatedFor = key; // what the section and the range messages now answer
      showErrors(root, answer.range_errors ?? {}, "range.");
      if (answer.range_errors) return showUncertainty(root, null);
      state.simulated = answer.simulated;
      showUncertainty(root, answer.simulation);
      markOverflow(root);
    }, SIMULATE_DELAY_MS);
  }

  // After the numbers, from the next frame: the comparison, and the charts, which Python
  // draws in a request of their own (half an answer's work) so that they never delay the
  // numbers. For the newest edit only: one typed before the frame plans its own.
  function afterNumbers(inputs, ticket) {
    cancelAnimationFrame(chartsFrame);
    chartsFrame = requestAnimationFrame(async () => {
      chartsFrame = 0;
      if (ticket !== latest || !root.isConnected) return;
      state.scenarios?.refresh();
      let drawn;
      try {
        drawn = await request(inputs, [], { baseline: state.scenarios?.baseline() ?? null });
      } catch {
        drawPreRendered(); // the numbers say what went wrong; the charts keep the last good ones
        return;
      }
      if (ticket !== latest || !root.isConnected) return;
      if (!drawn.ok) return drawPreRendered();
      state.lastResult = drawn.result; // with its series, for the exports
      chartsDrawn = true;
      drawCharts(root, drawn.charts);
    });
  }

  async function recompute(event) {
    const inputs = inputsOf(root);
    const key = JSON.stringify([inputs, currency()]);
    if (event && key === asked) {
      if (key === shown) simulateLater(inputs); // perhaps a range changed
      return; // nothing changed that the main numbers depend on
    }
    asked = key;
    const ticket = ++latest;
    if (key !== shown) markUncertainty(true);
    // Before Python's first answer, the pre-rendered results may belong to other inputs.
    // After a failure, this request starts Python again.
    if (root.dataset.state !== "live" && root.dataset.state !== "invalid") {
      setState(root, root.dataset.state === "error" ? "loading" : root.dataset.state, key !== shown);
    }
    let answer;
    try {
      answer = await request(inputs, [], { charts: false });
    } catch (error) {
      if (ticket !== latest) return;
      setState(root, "error", key !== shown, error?.kind);
      drawPreRendered(); // no charts from Python for now: the defaults' at least
      return;
    }
    if (ticket !== latest || !root.isConnected) return; // a newer edit is on its way
    if (answer.fatal) {
      setState(root, "error", key !== shown);
      return drawPreRendered();
    }
    showErrors(root, answer.errors ?? {});
    if (!answer.ok) {
      setState(root, "invalid");
      return drawPreRendered(); // Python draws no charts for inputs it refuses
    }
    if (preRenderedTimer) {
      // Python's charts follow in the next frame: the defaults' wait is over, Chart.js loads meanwhile.
      clearTimeout(preRenderedTimer);
      preRenderedTimer = 0;
      loadChartLibrary(root);
    }
    showResults(root, answer);
    shown = key;
    state.lastResult = answer.result;
    shownInputs = inputs;
    setState(root, "live");
    rememberLater(root, state); // the address bar is the share link of what is shown
    afterNumbers(inputs, ticket);
    simulateLater(inputs);
    clearTimeout(sensitivityTimer);
    if (key === sensitivityFor) return; // the table already shows these inputs
    sensitivityTimer = setTimeout(async () => {
      if (ticket !== latest) return;
      try {
        const detailed = await request(inputs, ["sensitivity"]);
        if (ticket === latest && detailed.ok) {
          fillSensitivity(root, detailed.sensitivity);
          markOverflow(root);
          sensitivityFor = key;
        }
      } catch {
        // The main numbers are already shown; the table keeps its last values.
      }
    }, SENSITIVITY_DELAY_MS);
  }

  prefillFromQuery(root);
  currency = bindCurrency(root, new URLSearchParams(window.location.search), () => {
    asked = null; // every text Python wrote carries the old symbol: ask again
    simulatedFor = null;
    sensitivityFor = null;
    forgetSolve();
    recompute();
  });
  state.scenarios = bindScenarios(root, {
    ask: askPython,
    inputs: () => inputsOf(root),
    defaults: () => defaultsOf(root),
    query: new URLSearchParams(window.location.search),
    ignore: (key) => reportIgnored(root, key),
    changed: () => {
      rememberInUrl(root, state); // the link carries the scenarios, whatever the inputs' state
      asked = null; // scenario A is drawn on the charts: ask again
      recompute();
    },
  });
  bindTools(root, state);
  const forgetSolve = bindSolve(root, (solve) => askPython({ inputs: inputsOf(root), solve }));
  bindCohortTable(root, askPython);
  root.querySelector("form")?.addEventListener("input", recompute);
  root.querySelector("form")?.addEventListener("submit", (event) => event.preventDefault());
  const restart = () => {
    retry();
    asked = null;
    setState(root, "loading", JSON.stringify([inputsOf(root), currency()]) !== shown);
    recompute();
  };
  restarts.set(root, restart);
  root.querySelector("[data-retry]")?.addEventListener("click", restart);
  new ResizeObserver(() => markOverflow(root)).observe(root);
  setState(root, "loading");
  recompute();
}

// document$ emits on the first load and after every instant navigation.
document$.subscribe(() => {
  dropDetachedCharts();
  for (const root of restarts.keys()) if (!root.isConnected) restarts.delete(root);
  for (const root of document.querySelectorAll("[data-calculator]")) bind(root);
});
