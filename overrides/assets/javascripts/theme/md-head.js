// Material for MkDocs' inline scripts from partials/javascripts/base.html and
// partials/javascripts/palette.html (mkdocs-material 9.8.1), as one same-origin
// file, so the site needs no 'unsafe-inline' in its Content-Security-Policy
// (scripts/nginx/handbook.conf). It is the first script in <head>.
//
// 1. The globals the theme's bundle uses. Changes: the scope comes from this
//    script tag's data-md-scope attribute instead of being templated inline, and
//    blocked storage reads as nothing saved (see __md_get).
// 2. The reader's saved colour palette, applied to <body> before the first paint.
//    Material runs that inline right after the palette toggle in the header; a
//    blocking external script there would let the browser paint the page above it
//    before the rest arrives, so instead a MutationObserver applies it as soon as
//    the parser has created <body> (and, for the automatic light/dark choice, the
//    palette inputs), always before the page is rendered.
(() => {
  const scope = document.currentScript.dataset.mdScope;
  window.__md_scope = new URL(scope, location);
  window.__md_hash = (value) => [...value].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0);
  // Where storage is blocked (a browser setting, some embedded browsers), merely
  // reading `window.localStorage` throws a SecurityError. Material's versions read it
  // in a default parameter, outside any try, so the palette toggle threw on load and
  // on every click. Here blocked or garbled storage reads as nothing saved (null, as
  // for a missing key) and writes are dropped: the toggle works for the visit.
  const local = () => {
    try {
      return localStorage;
    } catch {
      return null;
    }
  };
  window.__md_get = (key, storage = local(), base = window.__md_scope) => {
    try {
      return JSON.parse(storage.getItem(base.pathname + "." + key));
    } catch {
      return null;
    }
  };
  window.__md_set = (key, value, storage = local(), base = window.__md_scope) => {
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch {
      // storage full or blocked: the preference is simply not kept
    }
  };

  const palette = __md_get("__palette");
  if (!(palette && palette.color)) return;

  /** Apply the saved palette; false while the page is not parsed far enough yet. */
  function apply() {
    if (!document.body) return false;
    const color = { ...palette.color };
    if (color.media === "(prefers-color-scheme)") {
      const media = matchMedia("(prefers-color-scheme: light)");
      const input = document.querySelector(
        media.matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']",
      );
      if (!input) return false;
      color.media = input.getAttribute("data-md-color-media");
      color.scheme = input.getAttribute("data-md-color-scheme");
      color.primary = input.getAttribute("data-md-color-primary");
      color.accent = input.getAttribute("data-md-color-accent");
    }
    for (const [key, value] of Object.entries(color)) document.body.setAttribute("data-md-color-" + key, value);
    return true;
  }

  let applied = false;
  const observer = new MutationObserver(() => {
    if (!applied && apply()) (applied = true), observer.disconnect();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => {
    observer.disconnect();
    if (!applied) apply();
  });
})();
