// Keeps the language selector pointing at the current page's translations.
// Material's instant navigation swaps the page container but not the header, so
// after a navigation the selector would still link to the first page's versions.
// Each page renders its own links, hidden, inside the container (overrides/main.html);
// Material has already made them absolute. Runs after Material's bundle.
document$.subscribe(() => {
  for (const link of document.querySelectorAll("[data-md-alternates] a[hreflang]")) {
    for (const option of document.querySelectorAll(`.md-select__link[hreflang="${link.hreflang}"]`)) {
      option.href = link.href;
    }
  }
});

// Switching language keeps your place: the calculator's inputs (the query) and the
// section you were reading (the anchor; both languages use the same heading ids).
// It loads the page in full rather than through instant navigation, so the header, the
// search box and its index come in the new language too (md-search-lang.js).
window.addEventListener(
  "click",
  (event) => {
    const option = event.target instanceof Element && event.target.closest(".md-select__link[hreflang]");
    if (!option) return;
    const target = new URL(option.href, location.href);
    target.search = location.search;
    target.hash = location.hash;
    option.href = target.href;
    event.preventDefault();
    event.stopImmediatePropagation();
    location.assign(target.href);
  },
  true,
);
