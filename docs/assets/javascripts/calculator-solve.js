// The "Solve for a target" control: which value of one input makes a result reach a
// target. Generic: the choices were rendered by the build, the answer's words come from
// Python (calculators.web, "solve").

import { fillForm } from "./calculator-tools.js";

/** Wire the control. `send(ask)` asks Python with the form's current inputs. */
export function bindSolve(root, send) {
  const panel = root.querySelector("[data-solve]");
  if (!panel) return () => {};
  const part = (name) => panel.querySelector(`[data-solve-${name}]`);
  const [output, target, vary, unit, error, answerSlot, apply] = [
    "output", "target", "vary", "unit", "error", "answer", "apply",
  ].map(part);
  let found = null; // {field, input} of the last answer, while it still holds
  let latest = 0;

  const showUnit = () => (unit.textContent = output.selectedOptions[0]?.dataset.unit ?? "");
  output.addEventListener("change", showUnit);
  showUnit();

  function clear() {
    latest++; // an answer on its way belongs to the inputs it was asked with: drop it
    found = null;
    apply.hidden = true;
    error.textContent = "";
    target.setAttribute("aria-invalid", "false");
  }

  panel.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    const ticket = latest;
    answerSlot.textContent = panel.dataset.msgWorking;
    let answer;
    try {
      answer = await send({ output: output.value, target: target.value, vary: vary.value });
    } catch {
      if (ticket === latest) answerSlot.textContent = root.dataset.msgError;
      return;
    }
    if (ticket !== latest) return;
    if (!answer.ok) {
      answerSlot.textContent = "";
      error.textContent = answer.solve_error ?? "";
      if (answer.solve_error_is_target) target.setAttribute("aria-invalid", "true");
      return;
    }
    answerSlot.textContent = answer.solve.text;
    found = answer.solve.input === null ? null : { field: vary.value, input: answer.solve.input };
    apply.hidden = found === null;
  });

  apply.addEventListener("click", () => {
    if (found) fillForm(root, { [found.field]: found.input });
  });

  function forget() {
    clear();
    answerSlot.textContent = "";
  }

  // An answer holds for the inputs it was sought from; after any edit it is gone.
  root.querySelector("form").addEventListener("input", forget);
  return forget;
}
