// Service worker: keeps one build of the handbook in this browser, so that it works
// with no network. scripts/hooks/offline_hook.py writes it to the site's root with the
// build's version filled in; the files of each group are listed in offline-<version>.json.
//
// Groups: "theme" (styles, scripts, images) always; a language's pages and search index
// once a page in that language has been read; "runtime" (Pyodide, the snapshot, the
// calculators package) once a calculator has gone live or the reader asked for the whole
// site. One cache per build and per deployment path: a new build fills a cache of its own
// with the groups the old one held, and only once it takes over is the old one deleted,
// so the pages and the files they use always come from one build.
const VERSION = "__VERSION__";
const SCOPE = self.registration.scope;
const PREFIX = `handbook ${SCOPE} `;
const CACHE = PREFIX + VERSION;
const GROUPS_KEY = new URL("__offline-groups__", SCOPE).href; // which groups a cache holds

let manifest = null;
function getManifest() {
  manifest ??= fetch(new URL(`offline-${VERSION}.json`, SCOPE), { cache: "no-cache" }).then((response) => {
    if (!response.ok) throw new Error(`offline list: HTTP ${response.status}`);
    return response.json();
  });
  manifest.catch(() => (manifest = null)); // try again next time
  return manifest;
}

async function groupsIn(cache) {
  const kept = await cache.match(GROUPS_KEY);
  return kept ? kept.json() : [];
}

/** Put every file of `groups` into `cache` (those not there yet), reporting bytes as they arrive. */
async function fill(cache, groups, report = () => {}) {
  // Every page asks again for its own groups: once a cache holds them, that is one lookup,
  // not one per file (~115 lookups and progress messages beside a calculator's start).
  const held = await groupsIn(cache);
  if (groups.every((group) => held.includes(group))) return;
  const { files } = await getManifest();
  const wanted = files.filter(([, , group]) => groups.includes(group));
  const total = wanted.reduce((sum, [, size]) => sum + size, 0);
  let done = 0;
  for (const [path, size, group] of wanted) {
    const url = new URL(path, SCOPE).href;
    if (!(await cache.match(url))) {
      // Versioned runtime files may come from the browser's cache; the rest is asked afresh (a cheap 304).
      const response = await fetch(url, { cache: group === "runtime" ? "default" : "no-cache" });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      await cache.put(url, response);
    }
    done += size;
    report(done, total);
  }
  const kept = new Set([...(await groupsIn(cache)), ...groups]); // read again: another fill may have ended meanwhile
  await cache.put(GROUPS_KEY, new Response(JSON.stringify([...kept])));
}

async function oldCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      let groups = ["theme"];
      for (const name of await oldCaches()) groups = [...groups, ...(await groupsIn(await caches.open(name)))];
      await fill(cache, [...new Set(groups)]); // a failure leaves the old build in charge
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await oldCaches()) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const { type, groups } = event.data ?? {};
  if (type === "take-over") return self.skipWaiting();
  if (type !== "keep" || self.registration.active !== self.serviceWorker) return;
  const tell = (message) => event.source?.postMessage({ version: VERSION, ...message });
  event.waitUntil(
    (async () => {
      try {
        const cache = await caches.open(CACHE);
        await fill(cache, groups, (done, total) => tell({ type: "offline-progress", groups, done, total }));
        tell({ type: "offline-done", groups });
      } catch (error) {
        tell({ type: "offline-failed", groups, reason: String(error?.message ?? error) });
      }
    })(),
  );
});

async function answer(request) {
  const cache = await caches.open(CACHE);
  const navigation = request.mode === "navigate";
  const kept = await cache.match(request, { ignoreSearch: navigation });
  if (kept) return kept;
  try {
    return await fetch(request);
  } catch (error) {
    if (!navigation) throw error;
    return notKept(request.url);
  }
}

/** Offline, a page this browser does not keep: say so in the page's language (no 404: it exists). */
function notKept(url) {
  const zh = url.slice(SCOPE.length).startsWith("zh/");
  const text = zh
    ? ["zh", "未保存此页", "当前没有网络，而这一页没有保存在本浏览器中。联网后再打开，或在页脚选择「下载全站供离线使用」。"]
    : ["en", "Not kept offline", "You are offline, and this page is not kept in this browser. Open it once you are online, or use “Download for offline use” at the foot of any page."];
  const [lang, title, body] = text;
  const home = zh ? new URL("zh/", SCOPE).href : SCOPE;
  const html = `<!doctype html><html lang="${lang}"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><body><h1>${title}</h1><p>${body}</p><p><a href="${home}">${zh ? "返回首页" : "Home"}</a></p></body></html>`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'self'" },
  });
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.url === new URL("sw.js", SCOPE).href) return;
  event.respondWith(answer(request));
});
