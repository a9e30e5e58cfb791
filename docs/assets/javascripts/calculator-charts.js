// Draws the charts Python describes (calculators/presentation.py) with Chart.js,
// which is served from this site and loaded only on pages that have a chart.
const COLOURS = ["#00897b", "#e65100", "#5e35b1", "#546e7a"];
const BASELINE_COLOUR = "#78909c"; // scenario A, drawn dashed under the current lines
const charts = new Map(); // canvas → Chart
const MINUS = "\u2212"; // the minus calculators/display.py prints; Chart.js's own numbers use "-"
let library = null;

function loadLibrary(url) {
  library ??= new Promise((resolve, reject) => {
    if (window.Chart) return resolve(window.Chart);
    const script = document.createElement("script");
    script.src = url;
    script.onload = () => resolve(window.Chart);
    script.onerror = () => reject(new Error("chart library failed to load"));
    document.head.append(script);
  });
  return library;
}

function config(payload) {
  const text = getComputedStyle(document.body).getPropertyValue("--md-default-fg-color--light").trim();
  const grid = getComputedStyle(document.body).getPropertyValue("--md-default-fg-color--lightest").trim();
  const bar = payload.kind === "bar";
  const datasets = payload.datasets.map((set, i) => ({
    label: set.label,
    // A saved scenario's line has its own months (another horizon, perhaps).
    data: bar ? set.data : set.data.map((y, j) => ({ x: (set.x ?? payload.x)[j], y })),
    borderColor: set.baseline ? BASELINE_COLOUR : COLOURS[i % COLOURS.length],
    backgroundColor: COLOURS[i % COLOURS.length] + (bar ? "cc" : "22"),
    borderDash: set.dashed ? [6, 4] : [],
    borderWidth: 2,
    pointRadius: 0,
    tension: 0,
  }));
  if (payload.marker && !bar) {
    const ys = payload.datasets.flatMap((set) => set.data);
    datasets.push({
      label: payload.marker.label,
      data: [{ x: payload.marker.x, y: Math.min(0, ...ys) }, { x: payload.marker.x, y: Math.max(...ys) }],
      borderColor: "#c62828",
      borderDash: [2, 3],
      borderWidth: 1.5,
      pointRadius: 0,
    });
  }
  return {
    type: bar ? "bar" : "line",
    data: bar ? { labels: payload.labels, datasets } : { datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "nearest", intersect: false },
      plugins: {
        legend: { labels: { color: text, boxWidth: 14 } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${withMinus(item.formattedValue)}` } },
      },
      scales: {
        x: {
          type: bar ? "category" : "linear",
          title: { display: true, text: payload.x_label, color: text },
          grid: { color: grid },
          ...xAxis(payload.x_axis, text),
        },
        y: {
          title: { display: true, text: payload.y_label, color: text },
          ticks: {
            color: text,
            callback(value, index, ticks) {
              return withMinus(window.Chart.Ticks.formatters.numeric.call(this, value, index, ticks));
            },
          },
          grid: { color: grid },
        },
      },
    },
  };
}

// The x axis as Python sets it: its ends (the last point, e.g. the horizon, not a rounder
// number past it) and, when given, which ticks it shows with what text ("Month 12").
function xAxis(axis, color) {
  if (!axis) return { ticks: { color } };
  const options = { min: axis.min, max: axis.max, ticks: { color } };
  if (axis.ticks) {
    const texts = new Map(axis.ticks.map((tick) => [tick.value, tick.text]));
    options.afterBuildTicks = (scale) => {
      scale.ticks = axis.ticks.map((tick) => ({ value: tick.value }));
    };
    options.ticks.callback = (value) => texts.get(value) ?? "";
  }
  return options;
}

function withMinus(text) {
  return String(text).replace(/^-/, MINUS);
}

function fillTable(figure, table) {
  const el = figure.querySelector("[data-chart-table]");
  if (!el) return;
  const head = document.createElement("tr");
  for (const cell of table.head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = cell;
    head.append(th);
  }
  const rows = table.rows.map((row) => {
    const tr = document.createElement("tr");
    row.forEach((cell, i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      td.textContent = cell;
      tr.append(td);
    });
    return tr;
  });
  el.tHead.replaceChildren(head);
  el.tBodies[0].replaceChildren(...rows);
}

/** Draw (or redraw) every chart in root; payloads come from the page or from Python. */
export async function drawCharts(root, payloads) {
  const figures = root.querySelectorAll("[data-chart]");
  if (!figures.length) return;
  for (const figure of figures) {
    const payload = payloads?.[figure.dataset.chart];
    if (payload) {
      figure.dataset.payload = JSON.stringify(payload);
      fillTable(figure, payload.table);
    }
  }
  let Chart;
  try {
    Chart = await loadLibrary(root.dataset.chartLib);
  } catch {
    return; // the table alternative stays; nothing else depends on the chart
  }
  for (const figure of figures) {
    const canvas = figure.querySelector("canvas");
    const payload = JSON.parse(figure.dataset.payload);
    const chart = charts.get(canvas);
    if (chart) {
      const fresh = config(payload);
      chart.data = fresh.data;
      chart.options = fresh.options; // the axis follows the inputs too (a new horizon)
      chart.update("none");
    } else {
      charts.set(canvas, new Chart(canvas, config(payload)));
    }
  }
}

/** Start loading Chart.js for root's charts, if it has any, before they are drawn. */
export function loadChartLibrary(root) {
  if (root.querySelector("[data-chart]")) loadLibrary(root.dataset.chartLib).catch(() => {}); // drawCharts reports
}

/** Forget charts whose canvas left the page (instant navigation). */
export function dropDetachedCharts() {
  for (const [canvas, chart] of charts) {
    if (!canvas.isConnected) {
      chart.destroy();
      charts.delete(canvas);
    }
  }
}
