// Practice exercises: sends a trainee's answers to Python in the calculators' worker and
// writes back its verdicts; keeps progress in this browser (localStorage) and shows it
// on the overview. Generic: it knows no exercise by name, and every word it shows comes
// from the page (rendered by Python at build time) or from Python's answers.
import { ask } from "./calculator-runtime.js";

function readProgress(key) {
  try {
    const data = JSON.parse(localStorage.getItem(key) ?? "{}");
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  } catch {
    return {}; // storage blocked or garbled: start afresh rather than break the page
  }
}

function writeProgress(key, data) {
  try {
    localStorage.setItem(key, JSON.stringify(data));
  } catch {
    // Private mode or a full quota: checking still works, progress is just not kept.
  }
}

function record(key, id, change) {
  const data = readProgress(key);
  data[id] = { ...(data[id] ?? {}), ...change(data[id] ?? {}), at: Date.now() };
  writeProgress(key, data);
  renderAllProgress();
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
  const entry = readProgress(root.dataset.store)[root.dataset.exercise];
  const badge = root.querySelector("[data-done]");
  if (badge) badge.hidden = !entry?.solved;
}

function bindExercise(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  const id = root.dataset.exercise;
  const key = root.dataset.store;
  const runtime = new URL(root.dataset.runtime, document.baseURI).href;
  const pkg = new URL(root.dataset.package, document.baseURI).href;
  const request = (extra) => ask(runtime, pkg, { exercise: id, lang: root.dataset.lang, ...extra });
  let checking = 0;

  showDone(root);
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
    record(key, id, (entry) => ({ attempts: (entry.attempts ?? 0) + 1, solved: Boolean(entry.solved || result.solved) }));
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
      if (details.open) record(key, id, () => ({ [details.dataset.reveal]: true }));
    });
  }
}

function renderProgress(root) {
  const data = readProgress(root.dataset.store);
  const rows = [...root.querySelectorAll("[data-progress-for]")];
  let solved = 0;
  for (const row of rows) {
    const entry = data[row.dataset.progressFor] ?? {};
    const status = entry.solved ? "solved" : entry.attempts ? "attempted" : "new";
    if (status === "solved") solved += 1;
    row.dataset.status = status;
    const notes = [];
    if (entry.hint) notes.push(root.dataset.msgUsedHint);
    if (entry.solution) notes.push(root.dataset.msgSawSolution);
    const cell = row.querySelector("[data-progress-status]");
    if (cell) cell.textContent = [message(root, status), ...notes].join(" · ");
  }
  const summary = root.querySelector("[data-progress-summary]");
  if (summary) {
    summary.textContent = root.dataset.summaryTemplate.replace("{solved}", solved).replace("{total}", rows.length);
  }
  const bar = root.querySelector("[data-progress-bar]");
  if (bar) bar.value = solved;
}

function renderAllProgress() {
  for (const root of document.querySelectorAll("[data-exercise-progress]")) renderProgress(root);
}

function bindProgress(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  renderProgress(root);
  root.querySelector("[data-progress-reset]")?.addEventListener("click", () => {
    if (!window.confirm(root.dataset.msgConfirm)) return;
    try {
      localStorage.removeItem(root.dataset.store);
    } catch {
      // Nothing stored, nothing to clear.
    }
    renderProgress(root);
    const toast = root.querySelector("[data-progress-toast]");
    if (toast) toast.textContent = root.dataset.msgCleared;
  });
}

// Another tab solved something: keep this one's overview and badges current.
window.addEventListener("storage", () => {
  renderAllProgress();
  for (const root of document.querySelectorAll("[data-exercise][data-bound]")) showDone(root);
});

// document$ emits on the first load and after every instant navigation.
document$.subscribe(() => {
  for (const root of document.querySelectorAll("[data-exercise]")) bindExercise(root);
  for (const root of document.querySelectorAll("[data-exercise-progress]")) bindProgress(root);
});
