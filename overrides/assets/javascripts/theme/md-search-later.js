// On calculator and practice pages, Material's search index waits until the page's
// Python has started (or failed) and the reader has not typed for 2 s, or until the
// reader reaches for the search box. Building the index takes ~0.5 s of CPU in
// Material's search worker; on a 2-core machine it ran beside Python's start and
// slowed it by about as much, and beside the first edits it doubled their wait.
// Material asks for the index with XMLHttpRequest as soon as its bundle runs; this
// script comes first.
(() => {
  const QUIET_MS = 2_000;
  const held = [];
  let released = false;
  let started = false;
  let quiet = 0;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(quiet);
    for (const send of held.splice(0)) send();
  };
  const releaseWhenQuiet = () => {
    clearTimeout(quiet);
    quiet = setTimeout(release, QUIET_MS);
  };
  const isIndex = (url) => new URL(String(url), location.href).pathname.endsWith("/search/search_index.json");
  const { open, send } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.searchIndex = isIndex(url);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (released || !this.searchIndex) return send.apply(this, args);
    held.push(() => send.apply(this, args));
  };
  window.addEventListener("calculator-runtime", ({ detail }) => {
    if (started || !(detail.phase === "started" || detail.phase === "failed")) return;
    started = true;
    releaseWhenQuiet();
  });
  document.addEventListener("input", () => started && !released && releaseWhenQuiet(), true);
  document.addEventListener("focusin", ({ target }) => target.matches?.("[data-md-component=search-query]") && release());
  setTimeout(release, 30_000); // whatever keeps Python, the index is built by then
})();
