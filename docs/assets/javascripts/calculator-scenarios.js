// Named scenarios: the inputs a reader saves, kept in this browser (localStorage) under a
// key of the site's own path, shown side by side with the current inputs, the first one
// (A) drawn on the charts, and carried in the share link. Generic: the table's words and
// numbers come from Python ("compare" in calculators.web).
//
// Nothing kept is ever dropped silently: stored data that cannot be read is set aside
// under another key and the reader is told; a full or blocked storage is reported, and
// the scenarios then last as long as the page.

import { fillForm } from "./calculator-tools.js";
import { readStored, removeStored, setAside, siteScope, writeStored } from "./site-storage.js";

const VERSION = 1;
const PREFIX = "scenario.";
const MAX_SCENARIOS = 12;

function keyOf(root) {
  return `calculators:scenarios:v${VERSION}:${siteScope()}:${root.dataset.calculator}`;
}

function isScenario(item) {
  return (
    item !== null &&
    typeof item === "object" &&
    typeof item.name === "string" &&
    item.inputs !== null &&
    typeof item.inputs === "object" &&
    Object.values(item.inputs).every((value) => typeof value === "string")
  );
}

/** The stored scenarios, or [] with a message when there are none that can be read.
 * `locked`: storage must not be written this visit (it holds data that could not be moved). */
function load(root) {
  const stored = readStored(keyOf(root));
  if (stored.blocked) return { scenarios: [], message: root.dataset.msgStorageBlocked, blocked: true };
  const raw = stored.text;
  if (raw === null) return { scenarios: [] };
  try {
    const data = JSON.parse(raw);
    if (data?.version === VERSION && Array.isArray(data.scenarios) && data.scenarios.every(isScenario)) {
      return { scenarios: data.scenarios.map(({ name, inputs }) => ({ name, inputs })) };
    }
  } catch {
    // not JSON: set aside below
  }
  const aside = setAside(keyOf(root), raw);
  if (aside.error || !removeStored(keyOf(root))) {
    // It stays where it is, and nothing this visit may write over it.
    return { scenarios: [], message: root.dataset.msgStorageUnreadable.replace("{key}", keyOf(root)), locked: true };
  }
  return { scenarios: [], message: root.dataset.msgStorageUnreadable.replace("{key}", aside.key) };
}

/** Write the list; a message if that was not possible (null when it was). */
function store(root, scenarios, why) {
  if (why.locked) return why.message;
  if (why.blocked) return root.dataset.msgStorageBlocked;
  const error = writeStored(keyOf(root), JSON.stringify({ version: VERSION, scenarios }));
  if (!error) return null;
  return error === "full" ? root.dataset.msgStorageFull : root.dataset.msgStorageBlocked;
}

/** The scenarios a link carries: scenario.N=NAME and scenario.N.FIELD=VALUE. */
function fromQuery(root, query, fields) {
  const found = new Map();
  const ignored = [];
  for (const [key, value] of query) {
    if (!key.startsWith(PREFIX)) continue;
    const [number, field, ...rest] = key.slice(PREFIX.length).split(".");
    if (!/^\d{1,2}$/.test(number) || rest.length || (field !== undefined && !fields.has(field))) {
      ignored.push(key);
      continue;
    }
    const scenario = found.get(number) ?? { name: "", inputs: {} };
    if (field === undefined) scenario.name = value.slice(0, 60);
    else scenario.inputs[field] = value;
    found.set(number, scenario);
  }
  return { scenarios: [...found.values()].filter((s) => s.name), ignored };
}

function same(a, b) {
  return a.name === b.name && JSON.stringify(a.inputs) === JSON.stringify(b.inputs);
}

/**
 * Wire the scenarios. `ask(payload)` asks Python; `inputs()` and `defaults()` read the form;
 * `changed()` is called when scenario A changes (the charts must be redrawn).
 * Returns { baseline(), parameters(), all(), refresh() }.
 */
export function bindScenarios(root, { ask, inputs, defaults, changed, query, ignore }) {
  const section = root.querySelector("[data-scenarios]");
  if (!section) return null;
  const message = section.querySelector("[data-scenario-message]");
  const fields = new Set(Object.keys(defaults()));
  const loaded = load(root);
  let scenarios = loaded.scenarios;
  let problem = loaded.message ?? null;
  const linked = fromQuery(root, query, fields);
  for (const key of linked.ignored) ignore(key);
  for (const scenario of linked.scenarios) {
    if (!scenarios.some((s) => same(s, scenario))) scenarios.push(scenario);
  }
  scenarios = scenarios.slice(0, MAX_SCENARIOS);
  if (linked.scenarios.length) problem = store(root, scenarios, loaded) ?? problem;
  // Another tab of the site saved or deleted: take its list, so that saving here keeps it.
  window.addEventListener("storage", (event) => {
    if (event.key !== keyOf(root) || !root.isConnected) return;
    const fresh = load(root);
    if (fresh.message) return;
    scenarios = fresh.scenarios;
    render();
    changed();
  });
  let latest = 0;

  function letter(index) {
    return String.fromCharCode(65 + index); // at most MAX_SCENARIOS (12): A to L
  }

  function save(list) {
    scenarios = list.slice(0, MAX_SCENARIOS);
    problem = store(root, scenarios, loaded);
    render();
    changed();
  }

  /** Only the inputs that differ from the defaults: short links, and upgrades keep working. */
  function differing(values) {
    const base = defaults();
    return Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== base[name]));
  }

  function render() {
    section.hidden = scenarios.length === 0 && !problem;
    message.textContent = problem ?? "";
    const list = section.querySelector("[data-scenario-list]");
    list.replaceChildren(
      ...scenarios.map((scenario, index) => {
        const item = document.createElement("li");
        const name = document.createElement("input");
        name.type = "text";
        name.value = scenario.name;
        name.maxLength = 60;
        name.setAttribute("aria-label", section.dataset.msgName.replace("{letter}", letter(index)));
        name.addEventListener("change", () => {
          const list = scenarios.map((s, i) => (i === index ? { ...s, name: name.value.trim() || s.name } : s));
          save(list);
        });
        const tag = document.createElement("span");
        tag.className = "calc__scenario-letter";
        tag.textContent = letter(index);
        const button = (label, action) => {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "md-button calc__button";
          b.textContent = label;
          b.addEventListener("click", action);
          return b;
        };
        item.append(
          tag,
          name,
          button(section.dataset.msgLoad, () => fillForm(root, scenario.inputs, { resetOthers: true })),
          button(section.dataset.msgDelete, () => save(scenarios.filter((_, i) => i !== index))),
        );
        return item;
      }),
    );
    refresh();
  }

  /** The comparison table, from Python, for the scenarios and the current inputs. */
  async function refresh() {
    const table = section.querySelector("[data-scenario-table]");
    if (!scenarios.length) {
      table.hidden = true;
      return;
    }
    const ticket = ++latest;
    const current = { name: section.dataset.msgCurrent, inputs: inputs() };
    let answer;
    try {
      answer = await ask({ compare: [...scenarios, current] });
    } catch {
      return; // the status line says what went wrong
    }
    if (ticket !== latest || !answer.ok) return;
    fillTable(table, answer.compare, section.dataset.msgDelta, section.dataset.msgPercent);
  }

  root.querySelector("[data-scenario-save]")?.addEventListener("click", () => {
    const name = section.dataset.msgDefaultName.replace("{letter}", letter(scenarios.length));
    save([...scenarios, { name, inputs: differing(inputs()) }]);
    section.scrollIntoView({ block: "nearest" });
  });
  render();

  return {
    baseline: () => (scenarios[0] ? { name: scenarios[0].name, inputs: scenarios[0].inputs } : null),
    all: () => scenarios.map(({ name, inputs }) => ({ name, inputs })),
    parameters: () =>
      scenarios.flatMap((scenario, index) => [
        [`${PREFIX}${index + 1}`, scenario.name],
        ...Object.entries(scenario.inputs).map(([field, value]) => [`${PREFIX}${index + 1}.${field}`, value]),
      ]),
    refresh,
  };
}

function fillTable(table, compare, deltaHead, percentHead) {
  const head = document.createElement("tr");
  for (const text of [table.dataset.measure, ...compare.names, deltaHead, percentHead]) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    head.append(th);
  }
  const rows = compare.rows.map((row) => {
    const tr = document.createElement("tr");
    tr.dataset.kind = row.kind;
    tr.dataset.key = row.key;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    tr.append(th);
    for (const text of [...row.cells, row.delta, row.percent]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    if (row.differs) tr.classList.add("calc__differs");
    return tr;
  });
  table.tHead.replaceChildren(head);
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = false;
}
