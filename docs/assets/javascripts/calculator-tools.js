import { prefillRanges, rangeParameters, toggleRanges } from "./calculator-ranges.js";

// The toolbar around a calculator: presets, share, reset, export, print,
// and the sensitivity table. Generic: everything comes from the DOM
// the build rendered or from Python's answers.

export function inputsOf(root) {
  const inputs = {};
  for (const input of root.querySelectorAll("form input[name]")) inputs[input.name] = input.value;
  return inputs;
}

/** The inputs the pre-rendered results were worked out for. */
export function defaultsOf(root) {
  const inputs = {};
  for (const input of root.querySelectorAll("form input[name]")) inputs[input.name] = input.dataset.default;
  return inputs;
}

/** The page URL with every input that differs from its default as a query parameter, the
 * ranges, and `extra` pairs (the saved scenarios). */
export function shareUrl(root, extra = []) {
  const query = new URLSearchParams();
  for (const input of root.querySelectorAll("form input[name]")) {
    if (input.value !== input.dataset.default) query.set(input.name, input.value);
  }
  for (const [key, value] of [...rangeParameters(root), ...extra]) query.set(key, value);
  // A link with numbers says which currency they are in, so that a reader whose own choice is
  // another sees the sender's (the default too); a clean link names only a chosen one.
  const currency = root.querySelector("[data-currency]");
  if (currency && (query.size || currency.selectedIndex > 0)) query.set("currency", currency.value);
  const url = new URL(window.location.href);
  url.search = query.toString();
  url.hash = "";
  return url.href;
}

function toast(root, message) {
  const slot = root.querySelector("[data-toast]");
  if (!slot) return;
  slot.textContent = message;
  clearTimeout(slot.timer);
  slot.timer = setTimeout(() => (slot.textContent = ""), 4000);
}

function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function labelOf(root, selector) {
  const el = root.querySelector(selector);
  return el ? el.firstChild.textContent.trim() : "";
}

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  // Text that a spreadsheet would run as a formula (a scenario name from a link, say) is
  // written as text; numbers, negative ones too, stay numbers.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text))) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The last result as CSV rows: section, key, label (page language), value. */
function toCsv(root, result) {
  const rows = [["section", "key", "label", "value"]];
  for (const [key, value] of Object.entries(result.inputs)) {
    rows.push(["input", key, labelOf(root, `label[for="${root.dataset.calculator}-${key}"]`), value]);
  }
  for (const [key, value] of Object.entries(result.outputs)) {
    const dt = root.querySelector(`[data-output="${key}"]`)?.closest(".calc__output")?.querySelector("dt");
    rows.push(["output", key, dt ? dt.textContent : "", value]);
  }
  for (const note of result.notes) rows.push(["note", note.code, note[root.dataset.lang] ?? note.en, ""]);
  const simulated = result.simulation;
  for (const [key, [low, high]] of Object.entries(simulated?.ranges ?? {})) {
    rows.push(["range", key, labelOf(root, `label[for="${root.dataset.calculator}-${key}"]`), `${low}..${high}`]);
  }
  for (const [key, stats] of Object.entries(simulated?.outputs ?? {})) {
    for (const [stat, value] of Object.entries(stats)) rows.push([stat, key, "", value]);
  }
  for (const scenario of result.scenarios ?? []) {
    rows.push(["scenario", "", scenario.name, ""]);
    for (const [key, value] of Object.entries(scenario.inputs)) rows.push(["scenario_input", key, scenario.name, value]);
  }
  // Month by month (or point by point): each series, the point's position (from 0) in the
  // label column; the series named like the chart's x axis ("month") gives its x.
  for (const [key, values] of Object.entries(result.series ?? {})) {
    values.forEach((value, i) => rows.push(["series", key, String(i), value]));
  }
  // A byte-order mark lets Excel open the Chinese labels as UTF-8.
  return "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** What the page shows when Python has not answered yet: the pre-rendered result, with the
 * inputs it belongs to (the defaults), never the form's newer numbers beside older results. */
function resultFromPage(root) {
  const outputs = {};
  for (const el of root.querySelectorAll("[data-output]")) {
    const raw = el.dataset.value;
    outputs[el.dataset.output] = raw === "" ? null : Number.isNaN(Number(raw)) ? raw : Number(raw);
  }
  const inputs = Object.fromEntries(Object.entries(defaultsOf(root)).map(([k, v]) => [k, Number(v)]));
  return { calculator: root.dataset.calculator, inputs, outputs, notes: [], series: {} };
}

/**
 * Put `values` ({field: text}) in the form; with `resetOthers`, every other field goes back to
 * its default. With `announce`, the page hears it as it hears typing (an `input` event).
 */
export function fillForm(root, values, { resetOthers = false, announce = true } = {}) {
  for (const input of root.querySelectorAll("form input[name]")) {
    if (Object.hasOwn(values, input.name)) input.value = values[input.name];
    else if (resetOthers) input.value = input.dataset.default;
  }
  if (announce) root.querySelector("form input[name]")?.dispatchEvent(new Event("input", { bubbles: true }));
}

function applyPreset(root, option) {
  const values = option?.dataset.values ? JSON.parse(option.dataset.values) : {};
  fillForm(root, values, { resetOthers: true, announce: false }); // the caller recomputes
  showSources(root, option?.value ?? "");
}

/** What the exports write: the last result, with its simulation when ranges were given. */
async function exported(root, state) {
  const result = { ...((await state.resultWithSeries()) ?? resultFromPage(root)) };
  if (state.simulated) result.simulation = state.simulated;
  const scenarios = state.scenarios?.all() ?? [];
  if (scenarios.length) result.scenarios = scenarios;
  return result;
}

/** Whether the form still holds exactly the chosen scenario's numbers. */
function matchesPreset(root, option) {
  const values = JSON.parse(option.dataset.values);
  return [...root.querySelectorAll("form input[name]")].every(
    (input) => input.value === (values[input.name] ?? input.dataset.default),
  );
}

/** The menu names the scenario the numbers started from, and says when they no longer match it. */
function markModified(root, picker) {
  for (const option of picker.options) {
    option.dataset.name ??= option.textContent;
    const modified = option.selected && option.value !== "" && !matchesPreset(root, option);
    const text = modified ? root.dataset.msgModified.replace("{preset}", option.dataset.name) : option.dataset.name;
    // Every edit comes here: a new text, even the same one, makes the browser measure the menu again.
    if (option.textContent !== text) option.textContent = text;
  }
}

function showSources(root, presetId) {
  for (const panel of root.querySelectorAll("[data-preset-sources]")) {
    panel.hidden = panel.dataset.presetSources !== presetId;
  }
}

export function fillSensitivity(root, table) {
  const el = root.querySelector("[data-sensitivity-table]");
  if (!el || !table) return;
  const caption = root.querySelector("[data-sensitivity-caption]");
  if (caption) {
    caption.textContent = caption.dataset.template.replace("{output}", table.output).replace("{base}", table.base);
  }
  const headRow = document.createElement("tr");
  for (const text of [el.tHead.rows[0].cells[0].textContent, ...table.steps]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    headRow.append(th);
  }
  const rows = table.rows.map((row) => {
    const tr = document.createElement("tr");
    tr.dataset.field = row.field;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    tr.append(th);
    for (const cell of row.cells) {
      const td = document.createElement("td");
      td.textContent = cell.text;
      const change = document.createElement("span");
      change.className = "calc__change";
      change.textContent = cell.change;
      td.append(change);
      tr.append(td);
    }
    return tr;
  });
  el.tHead.replaceChildren(headRow);
  el.tBodies[0].replaceChildren(...rows);
}

/**
 * Wire the toolbar. `state` is shared with the form binding:
 * { lastResult, resultWithSeries(), simulated, scenarios, recompute() }.
 */
export function bindTools(root, state) {
  const picker = root.querySelector("[data-preset-picker]");
  picker?.addEventListener("change", () => {
    applyPreset(root, picker.selectedOptions[0]);
    markModified(root, picker);
    state.recompute();
  });
  // Editing a number by hand keeps the scenario it started from, marked as modified.
  root.querySelector("form")?.addEventListener("input", () => {
    if (picker) markModified(root, picker);
  });

  const actions = {
    share: async () => {
      const url = shareUrl(root, state.linkParameters());
      try {
        await navigator.clipboard.writeText(url);
        toast(root, root.dataset.msgCopied);
      } catch {
        toast(root, root.dataset.msgCopyFailed);
      }
    },
    reset: () => {
      if (picker) picker.value = "";
      applyPreset(root, null);
      if (picker) markModified(root, picker);
      state.recompute();
    },
    csv: async () =>
      download(`${root.dataset.calculator}.csv`, "text/csv;charset=utf-8", toCsv(root, await exported(root, state))),
    json: async () =>
      download(
        `${root.dataset.calculator}.json`,
        "application/json",
        JSON.stringify(await exported(root, state), null, 2) + "\n",
      ),
    ranges: () => {
      toggleRanges(root);
      state.recompute(); // the address bar and the ranges' section follow
    },
    print: () => window.print(),
  };
  for (const button of root.querySelectorAll("[data-action]")) {
    button.addEventListener("click", () => actions[button.dataset.action]?.());
  }
}

// Query parameters that are not the calculator's but may reach its page (Material's
// search highlighting adds ?h=).
const FOREIGN_PARAMETERS = new Set(["h"]);

/** Apply ?preset=ID, then any field parameters, from the page URL; say which were ignored. */
export function prefillFromQuery(root) {
  const query = new URLSearchParams(window.location.search);
  const picker = root.querySelector("[data-preset-picker]");
  const ignored = new Set();
  const presetId = query.get("preset");
  if (presetId !== null) {
    const option = picker ? [...picker.options].find((o) => o.value && o.value === presetId) : undefined;
    if (option) {
      picker.value = presetId;
      applyPreset(root, option);
    } else {
      ignored.add(`preset=${presetId}`);
    }
  }
  const names = new Set([...root.querySelectorAll("form input[name]")].map((input) => input.name));
  for (const input of root.querySelectorAll("form input[name]")) {
    if (query.has(input.name)) input.value = query.get(input.name);
  }
  for (const key of prefillRanges(root, query)) ignored.add(key);
  for (const key of query.keys()) {
    const known =
      key === "preset" ||
      key === "currency" ||
      names.has(key) ||
      key.startsWith("range.") ||
      key.startsWith("scenario.") ||
      FOREIGN_PARAMETERS.has(key);
    if (!known) ignored.add(key);
  }
  if (picker) markModified(root, picker);
  for (const key of ignored) reportIgnored(root, key);
}

/** Name a link parameter the page could not use in the notice under the toolbar. */
export function reportIgnored(root, key) {
  const notice = root.querySelector("[data-query-notice]");
  if (!notice) return;
  const short = (text) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
  notice.ignored ??= [];
  if (notice.ignored.length < 8) notice.ignored.push(short(key));
  notice.textContent = notice.dataset.template.replace("{names}", notice.ignored.join(notice.dataset.separator));
  notice.hidden = false;
}
