// Material for MkDocs' inline content scripts (partials/javascripts/content.html of
// mkdocs-material 9.8.1), as a file for the Content-Security-Policy: select the
// content tab the URL's #hash points at, and (with content.tabs.link) the tabs
// the reader chose before.
(() => {
  if (document.currentScript.hasAttribute("data-md-tabs-link")) {
    const tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (const set of document.querySelectorAll(".tabbed-set")) {
        const labels = set.querySelector(".tabbed-labels");
        for (const tab of tabs) {
          for (const label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              document.getElementById(label.htmlFor).checked = true;
              continue sets;
            }
          }
        }
      }
    }
  }
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
