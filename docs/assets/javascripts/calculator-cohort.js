// "Fill in from a cohort table": the reader pastes or uploads a table, Python in the worker
// reads it (calculators.cohort_table) and answers with the values for the retention fields,
// which this puts in the form. Nothing leaves the browser. Generic: messages come from the
// build's markup and from Python.

import { fillForm } from "./calculator-tools.js";

export function bindCohortTable(root, ask) {
  const panel = root.querySelector("[data-cohort]");
  if (!panel) return;
  const part = (name) => panel.querySelector(`[data-cohort-${name}]`);
  const [text, file, error, result] = ["text", "file", "error", "result"].map(part);
  let latest = 0;

  function say(message, isError) {
    error.textContent = isError ? message : "";
    result.textContent = isError ? "" : message;
    text.setAttribute("aria-invalid", String(isError));
  }

  // A chosen file is read into the box, where the reader sees what will be used.
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > Number(panel.dataset.maxChars) * 4) return say(panel.dataset.msgTooLarge, true);
    try {
      text.value = await chosen.text();
    } catch {
      say(panel.dataset.msgUnreadable, true);
    }
  });

  part("read").addEventListener("click", async () => {
    const ticket = ++latest;
    // Python says the same; a huge paste is not worth copying to the worker to hear it.
    if (text.value.length > Number(panel.dataset.maxChars)) return say(panel.dataset.msgTooLarge, true);
    let answer;
    try {
      answer = await ask({ retention_table: text.value });
    } catch {
      return say(root.dataset.msgError, true);
    }
    if (ticket !== latest) return;
    if (!answer.ok) return say(answer.table_error.message, true);
    say(answer.text, false);
    fillForm(root, answer.inputs);
  });
}
