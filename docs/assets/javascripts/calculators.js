// Binds every [data-calculator] form on the page to Python running in the worker.
// Generic: it knows no calculator by name; labels, numbers and messages come from Python.
import { ask } from "./calculator-runtime.js";

function setState(root, state) {
  root.dataset.state = state;
  const status = root.querySelector("[data-status]");
  const message = root.dataset[`msg${state[0].toUpperCase()}${state.slice(1)}`];
  if (status && message) status.textContent = message;
}

function readInputs(root) {
  const inputs = {};
  for (const input of root.querySelectorAll("input[name]")) inputs[input.name] = input.value;
  return inputs;
}

function prefillFromQuery(root) {
  const query = new URLSearchParams(window.location.search);
  for (const input of root.querySelectorAll("input[name]")) {
    if (query.has(input.name)) input.value = query.get(input.name);
  }
}

function showErrors(root, errors) {
  for (const slot of root.querySelectorAll("[data-error-for]")) {
    const message = errors[slot.dataset.errorFor] ?? "";
    slot.textContent = message;
    const input = root.querySelector(`input[name="${slot.dataset.errorFor}"]`);
    if (input) input.setAttribute("aria-invalid", message ? "true" : "false");
  }
}

function showResults(root, answer) {
  for (const [key, { value, text }] of Object.entries(answer.outputs)) {
    const output = root.querySelector(`[data-output="${key}"]`);
    if (!output) continue;
    output.dataset.value = value === null ? "" : String(value);
    output.textContent = text;
  }
  const notes = root.querySelector("[data-notes]");
  if (notes) {
    notes.replaceChildren(
      ...answer.notes.map(({ code, text }) => {
        const item = document.createElement("li");
        item.dataset.note = code;
        item.textContent = text;
        return item;
      }),
    );
  }
}

function bind(root) {
  if (root.dataset.bound) return;
  root.dataset.bound = "true";
  const runtime = new URL(root.dataset.runtime, document.baseURI).href;
  const pkg = new URL(root.dataset.package, document.baseURI).href;
  let latest = 0;

  async function recompute() {
    const ticket = ++latest;
    let answer;
    try {
      answer = await ask(runtime, pkg, {
        calculator: root.dataset.calculator,
        inputs: readInputs(root),
        lang: root.dataset.lang,
      });
    } catch {
      if (ticket === latest) setState(root, "error");
      return;
    }
    if (ticket !== latest) return; // a newer edit is on its way
    if (answer.fatal) {
      setState(root, "error");
      return;
    }
    showErrors(root, answer.errors ?? {});
    if (!answer.ok) {
      setState(root, "invalid");
      return;
    }
    showResults(root, answer);
    setState(root, "live");
  }

  prefillFromQuery(root);
  root.querySelector("form")?.addEventListener("input", recompute);
  root.querySelector("form")?.addEventListener("submit", (event) => event.preventDefault());
  setState(root, "loading");
  recompute();
}

// document$ emits on the first load and after every instant navigation.
document$.subscribe(() => {
  for (const root of document.querySelectorAll("[data-calculator]")) bind(root);
});
