// What a reader keeps in this browser (localStorage), for every page script that keeps
// something: keys that name the site's own path, and the three ways keeping can fail told
// apart, so that a script can say what happened instead of claiming it saved. Generic: it
// knows no calculator and no exercise, and has no words of its own.

/** The site's root path (Material's scope; else the page's folder), so that two copies of the
 * site on one origin keep apart. */
export function siteScope() {
  return window.__md_scope?.pathname ?? new URL(".", document.baseURI).pathname;
}

/** { text } with the stored text (null when there is none), or { blocked: true } when the
 * browser does not let the site read its storage (private mode, storage disabled). */
export function readStored(key) {
  try {
    return { text: localStorage.getItem(key) };
  } catch {
    return { blocked: true };
  }
}

/** Store text under key: null when it was stored, else why not: "full" or "blocked". */
export function writeStored(key, text) {
  try {
    localStorage.setItem(key, text);
    return null;
  } catch (error) {
    return error?.name === "QuotaExceededError" ? "full" : "blocked";
  }
}

/** Remove key: true when it is gone (or was never there). */
export function removeStored(key) {
  try {
    localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/** Copy text that could not be read to a key of its own beside key, so that nothing the
 * reader kept is written over: { key } where it now is, or { error: "full" | "blocked" }. */
export function setAside(key, text) {
  const aside = `${key}:unreadable:${Date.now()}`;
  const error = writeStored(aside, text);
  return error ? { error } : { key: aside };
}
