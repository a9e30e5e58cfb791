// Practice exercises: sends a trainee's answers to Python in the calculators' worker and
// writes back its verdicts; keeps progress in this browser (exercise-progress.js), says
// whether keeping it worked, shows it on the overview, and exports and imports it as a
// file. Generic: it knows no exercise by name, and every word it shows comes from the page
// (rendered by Python at build time) or from Python's answers.
import { ask } from "./calculator-runtime.js";
import { ProgressStore } from "./exercise-progress.js";

// One store per name (data-store) for the tab: it outlives instant navigation, so progress
// that could not be stored still lasts while the reader moves between pages.
const stores = new Map();

function storeOf(root) {
  const name = root.dataset.store;
  if (!stores.has(name)) stores.set(name, new ProgressStore(name, root.dataset.storeLegacy));
  return stores.get(name);
}

function fill(template, values) {
  return Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{${name}}`, String(value)), template);
}

/** What loading found, in the page's words ("" when all was well). */
function noticeText(root, notice) {
  if (!notice) return "";
  if (notice.kind === "blocked") return root.dataset.msgStorageOff;
  if (notice.kind === "partly") return fill(root.dataset.msgStoragePartly, notice);
  return fill(root.dataset.msgStorageUnreadable, { key: notice.key });
}

/** Why a write failed, in the page's words. */
function failureText(root, error) {
  return error === "full" ? root.dataset.msgStorageFull : root.dataset.msgStorageBlocked;
}

/** The storage line: `text`, else what loading found, said once a page (on its first widget). */
function showStorage(root, text) {
  const slot = root.querySelector("[data-storage-message]");
  if (!slot) return;
  const first = document.querySelector("[data-exercise], [data-exercise-progress]") === root;
  slot.textContent = text ?? (first ? noticeText(root, storeOf(root).notice) : "");
}

/** Change one exercise's entry; every widget shows it. Returns null, or why it was not stored. */
function record(root, change) {
  const error = storeOf(root).update(root.dataset.exercise, change);
  renderAllProgress();
  return error;
}

function message(root, state) {
  return root.dataset[`msg${state[0].toUpperCase()}${state.slice(1)}`] ?? "";
}

function setState(root, state) {
  root.dataset.state = state;
  const status = root.querySelector("[data-status]");
  if (status) status.textContent = message(root, state);
}

function responsesOf(form) {
  const responses = {};
  for (const group of form.querySelectorAll("[data-answer]")) {
    const key = group.dataset.answer;
    if (group.dataset.kind === "choice") {
      responses[key] = group.querySelector("input:checked")?.value ?? "";
    } else {
      responses[key] = group.querySelector("input")?.value ?? "";
    }
  }
  return responses;
}

function showVerdicts(root, result) {
  for (const [key, verdict] of Object.entries(result.answers)) {
    const group = root.querySelector(`[data-answer="${CSS.escape(key)}"]`);
    if (!group) continue;
    group.dataset.result = verdict.status;
    const slot = group.querySelector("[data-feedback-for]");
    if (slot) slot.textContent = verdict.message;
    for (const input of group.querySelectorAll("input")) {
      input.setAttribute("aria-invalid", verdict.correct ? "false" : "true");
    }
  }
  root.dataset.result = result.solved ? "solved" : "unsolved";
  const summary = root.querySelector("[data-summary]");
  if (summary) summary.textContent = result.summary;
}

function showDone(root) {
  const entry = storeOf(root).get(root.dataset.exercise);
  const badge = root.querySelector("[data-done]");
  if (badge) badge.hidden = entry?.solved !== true;
}

function bindExercise(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  const id = root.dataset.exercise;
  const runtime = new URL(root.dataset.runtime, document.baseURI).href;
  const pkg = new URL(root.dataset.package, document.baseURI).href;
  const request = (extra) => ask(runtime, pkg, { exercise: id, lang: root.dataset.lang, ...extra });
  let checking = 0;

  showDone(root);
  showStorage(root);
  setState(root, "loading");
  // Warm up: starts Pyodide (once per tab) and works the exercise out before the first check.
  request({})
    .then((answer) => {
      if (checking === 0) setState(root, answer.ok ? "live" : "error");
    })
    .catch(() => setState(root, "error"));

  const form = root.querySelector("form");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const ticket = ++checking;
    setState(root, "checking");
    let result;
    try {
      result = await request({ responses: responsesOf(form) });
    } catch {
      if (ticket === checking) setState(root, "error");
      return;
    }
    if (ticket !== checking || !root.isConnected) return; // a newer check is on its way
    if (!result.ok) return setState(root, "error");
    showVerdicts(root, result);
    const error = record(root, (entry) => ({ attempts: entry.attempts + 1, solved: entry.solved || result.solved === true }));
    // Said only once it is true: a failed write is said instead, never "saved".
    showStorage(root, error ? failureText(root, error) : result.solved ? root.dataset.msgSaved : null);
    showDone(root);
    setState(root, "live");
  });
  // A changed answer is no longer the one the verdict was about.
  form?.addEventListener("input", (event) => {
    const group = event.target.closest("[data-answer]");
    if (group?.dataset.result) {
      delete group.dataset.result;
      const slot = group.querySelector("[data-feedback-for]");
      if (slot) slot.textContent = "";
    }
  });
  for (const details of root.querySelectorAll("details[data-reveal]")) {
    details.addEventListener("toggle", () => {
      if (!details.open) return;
      const error = record(root, () => ({ [details.dataset.reveal]: true }));
      if (error) showStorage(root, failureText(root, error));
    });
  }
}

function renderProgress(root) {
  const store = storeOf(root);
  const rows = [...root.querySelectorAll("[data-progress-for]")];
  let solved = 0;
  for (const row of rows) {
    const entry = store.get(row.dataset.progressFor);
    const status = entry?.solved === true ? "solved" : entry?.attempts > 0 ? "attempted" : "new";
    if (status === "solved") solved += 1;
    row.dataset.status = status;
    const notes = [];
    if (entry?.hint) notes.push(root.dataset.msgUsedHint);
    if (entry?.solution) notes.push(root.dataset.msgSawSolution);
    const cell = row.querySelector("[data-progress-status]");
    if (cell) cell.textContent = [message(root, status), ...notes].join(" · ");
  }
  const summary = root.querySelector("[data-progress-summary]");
  if (summary) summary.textContent = fill(root.dataset.summaryTemplate, { solved, total: rows.length });
  const bar = root.querySelector("[data-progress-bar]");
  if (bar) bar.value = solved;
  showStorage(root);
}

function renderAllProgress() {
  for (const root of document.querySelectorAll("[data-exercise-progress]")) renderProgress(root);
}

function showDoneAll() {
  for (const root of document.querySelectorAll("[data-exercise][data-bound]")) showDone(root);
}

function toast(root, text) {
  const slot = root.querySelector("[data-progress-toast]");
  if (slot) slot.textContent = text;
}

function today() {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
}

function download(name, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

const MAX_IMPORT_BYTES = 1_000_000; // an exported file of every exercise is a few kilobytes

async function importFile(root, file) {
  const store = storeOf(root);
  const known = new Set([...root.querySelectorAll("[data-progress-for]")].map((row) => row.dataset.progressFor));
  let text = null;
  try {
    if (file.size <= MAX_IMPORT_BYTES) text = await file.text();
  } catch {
    text = null; // unreadable file: said below
  }
  const taken = text === null ? null : store.import(text, known);
  if (!taken) return toast(root, fill(root.dataset.msgImportInvalid, { file: file.name }));
  const said = [fill(root.dataset.msgImported, { file: file.name, ...taken })];
  if (taken.ignored) said.push(root.dataset.msgImportedIgnored);
  if (taken.error) said.push(failureText(root, taken.error));
  renderAllProgress();
  showDoneAll();
  toast(root, said.join(" "));
}

function bindProgress(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  renderProgress(root);
  root.querySelector("[data-progress-reset]")?.addEventListener("click", () => {
    if (!window.confirm(root.dataset.msgConfirm)) return;
    const error = storeOf(root).clear();
    renderAllProgress();
    showDoneAll();
    toast(root, error ? failureText(root, error) : root.dataset.msgCleared);
  });
  root.querySelector("[data-progress-export]")?.addEventListener("click", () => {
    const name = `exercise-progress-${today()}.json`;
    download(name, storeOf(root).export());
    toast(root, fill(root.dataset.msgExported, { file: name }));
  });
  const input = root.querySelector("[data-progress-file]");
  root.querySelector("[data-progress-import]")?.addEventListener("click", () => input?.click());
  input?.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = ""; // the same file can be chosen again
    if (file) await importFile(root, file);
  });
}

// Another tab solved something: keep this one's overview and badges current.
window.addEventListener("storage", (event) => {
  for (const store of stores.values()) {
    if (event.key === null || event.key === store.key) store.reload();
  }
  renderAllProgress();
  showDoneAll();
});

// document$ emits on the first load and after every instant navigation.
document$.subscribe(() => {
  for (const root of document.querySelectorAll("[data-exercise]")) bindExercise(root);
  for (const root of document.querySelectorAll("[data-exercise-progress]")) bindProgress(root);
});
