// Ranges: a low and a high end beside each input, and what they do to the results
// (calculators.simulate, run by Python in the worker). Generic: the words and numbers
// come from the build's markup and from Python's "simulation" answer.

const RANGE_PREFIX = "range.";

/** Whether the reader has turned ranges on. */
export function rangesOn(root) {
  return root.dataset.ranges === "on";
}

/** {field: [low, high]} for every field with either end filled in (Python checks the rest). */
export function rangesOf(root) {
  const ranges = {};
  if (!rangesOn(root)) return ranges;
  for (const low of root.querySelectorAll("[data-range-low]")) {
    const field = low.dataset.rangeLow;
    const high = root.querySelector(`[data-range-high="${CSS.escape(field)}"]`);
    if (low.value.trim() || high.value.trim()) ranges[field] = [low.value, high.value];
  }
  return ranges;
}

/** The ranges as share-link parameters: range.FIELD=LOW..HIGH. */
export function rangeParameters(root) {
  return Object.entries(rangesOf(root)).map(([field, [low, high]]) => [`${RANGE_PREFIX}${field}`, `${low}..${high}`]);
}

/** Fill the ranges a link carries; returns the parameters that name no field of this calculator. */
export function prefillRanges(root, query) {
  const ignored = [];
  for (const [key, value] of query) {
    if (!key.startsWith(RANGE_PREFIX)) continue;
    const field = key.slice(RANGE_PREFIX.length);
    const low = root.querySelector(`[data-range-low="${CSS.escape(field)}"]`);
    if (!low) {
      ignored.push(key);
      continue;
    }
    const [lowText, highText = ""] = value.split("..");
    low.value = lowText;
    root.querySelector(`[data-range-high="${CSS.escape(field)}"]`).value = highText;
    setRanges(root, true);
  }
  return ignored;
}

function setRanges(root, on) {
  root.dataset.ranges = on ? "on" : "off";
  const button = root.querySelector('[data-action="ranges"]');
  button?.setAttribute("aria-pressed", String(on));
  if (!on) showUncertainty(root, null);
}

export function toggleRanges(root) {
  setRanges(root, !rangesOn(root));
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** The deciles table, the chance of a loss and the tornado; null hides the section. */
export function showUncertainty(root, simulation) {
  const section = root.querySelector("[data-uncertainty]");
  if (!section) return;
  section.hidden = !simulation;
  if (!simulation) return;
  const caption = section.querySelector("[data-uncertainty-caption]");
  caption.textContent = caption.dataset.template.replace("{draws}", simulation.draws_text);
  section.querySelector("[data-uncertainty-loss]").textContent = simulation.loss ?? "";
  section.querySelector("[data-uncertainty-body]").replaceChildren(
    ...simulation.rows.map((row) => {
      const tr = document.createElement("tr");
      const th = cell("th", row.label);
      th.scope = "row";
      tr.append(th, cell("td", row.p10), cell("td", row.p50), cell("td", row.p90), cell("td", row.below_zero));
      return tr;
    }),
  );
  const board = simulation.tornado;
  const title = section.querySelector("[data-tornado-title]");
  title.textContent = title.dataset.template.replace("{output}", board.output);
  const chart = section.querySelector("[data-tornado]");
  const base = cell("p", chart.dataset.baseTemplate.replace("{base}", board.base));
  base.className = "calc__tornado-base";
  chart.replaceChildren(base, ...board.rows.map((row) => tornadoRow(row, board.base_at)));
}

/** One bar from the output at the input's low end to the output at its high end. */
function tornadoRow(row, baseAt) {
  const line = document.createElement("div");
  line.className = "calc__tornado-row";
  line.dataset.field = row.field;
  const label = cell("span", `${row.label} (${row.range})`);
  label.className = "calc__tornado-label";
  const track = document.createElement("span");
  track.className = "calc__tornado-track";
  if (row.from !== null && row.to !== null) {
    const bar = document.createElement("span");
    bar.className = "calc__tornado-bar";
    // CSSOM, not a style attribute: allowed under the site's strict CSP.
    bar.style.left = `${Math.min(row.from, row.to) * 100}%`;
    bar.style.width = `${Math.max(Math.abs(row.to - row.from) * 100, 0.5)}%`;
    track.append(bar);
  }
  if (baseAt !== null) {
    const mark = document.createElement("span");
    mark.className = "calc__tornado-mark";
    mark.style.left = `${baseAt * 100}%`;
    track.append(mark);
  }
  const ends = cell("span", `${row.output_low} … ${row.output_high}`);
  ends.className = "calc__tornado-ends";
  line.append(label, track, ends);
  return line;
}
