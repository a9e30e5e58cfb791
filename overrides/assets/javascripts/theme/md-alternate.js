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
