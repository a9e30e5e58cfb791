// Material loads one search index, search/search_index.json at the site root. Pages in
// another language load their own (scripts/hooks/search_hook.py splits the index), so a
// search on /zh/ finds Chinese pages. Material requests it with XMLHttpRequest; this runs
// in <head>, before Material's bundle asks for it.
const own = document.currentScript?.dataset.searchIndex;
if (own) {
  const wanted = new URL(own, location.href).href;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(String(url), location.href);
    const isIndex = target.pathname.endsWith("/search/search_index.json") && target.href !== wanted;
    return open.call(this, method, isIndex ? wanted : url, ...rest);
  };
}
