// The currency a calculator page shows amounts in: ¥, $ or €. A page setting only — the
// models count in one unit of money — kept for the whole site in this browser, and carried
// by a share link (?currency=USD; calculator-tools.js writes it). Python writes the live numbers in it (web.py); this
// module swaps the symbol in the few labels the build wrote (marked data-money).

import { siteScope } from "./site-storage.js";

const CURRENCY_PARAMETER = "currency";

function storageKey() {
  return `calculators:currency:v1:${siteScope()}`;
}

function stored() {
  try {
    return localStorage.getItem(storageKey());
  } catch {
    return null; // storage blocked: the page's own default
  }
}

/** The currency chosen: from the link, else the reader's last choice, else the page's default. */
export function bindCurrency(root, query, changed) {
  const select = root.querySelector("[data-currency]");
  if (!select) return () => "CNY";
  const known = (code) => [...select.options].some((o) => o.value === code);
  const wanted = query.get(CURRENCY_PARAMETER) ?? stored();
  if (wanted && known(wanted)) select.value = wanted;
  show(root, select);
  select.addEventListener("change", () => {
    try {
      localStorage.setItem(storageKey(), select.value);
    } catch {
      // not kept beyond this page; the choice still applies here
    }
    show(root, select);
    changed();
  });
  return () => select.value;
}

function show(root, select) {
  const symbol = select.selectedOptions[0].dataset.symbol;
  for (const el of root.querySelectorAll("[data-money]")) {
    el.textContent = el.dataset.money.replaceAll("¥", symbol);
  }
}
