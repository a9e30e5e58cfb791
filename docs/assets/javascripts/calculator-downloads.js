// Every file the worker downloads (Pyodide's own requests included, since they go
// through the global fetch): checked as soon as its first bytes arrive, and counted,
// so that the page can time out on a download that stalls rather than on one that
// is merely slow, and can tell a reader whether the network or the site is at fault.

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"
const PROGRESS_EVERY_MS = 250;

/** An Error that says whose fault it is: "network" (nothing or too little arrived) or
 * "server" (the site answered, but not with the file asked for). */
export function failure(kind, message, url) {
  return Object.assign(new Error(message), { kind, url });
}

const fileName = (url) => new URL(url).pathname.split("/").pop();

/** The absolute URL a fetch() argument (a string, URL or Request) asks for. */
export const urlOf = (resource) =>
  new URL(resource instanceof Request ? resource.url : String(resource), self.location.href).href;

/** Read a copy of the body and count its bytes. `first` settles once the first bytes
 * arrived (rejecting if a wasm file does not start with the wasm magic number); `done`
 * once the whole body did (rejecting if the connection broke). */
function watch(copy, url, isWasm, counted) {
  let settle;
  const first = new Promise((resolve, reject) => (settle = { resolve, reject }));
  const done = (async () => {
    const reader = copy.body.getReader();
    let checked = false;
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw failure("network", `${fileName(url)} stopped downloading (${error?.message ?? error})`, url);
      }
      if (chunk.done) break;
      if (!checked && chunk.value.length) {
        checked = true;
        const bytes = chunk.value;
        if (isWasm && (bytes.length < WASM_MAGIC.length || WASM_MAGIC.some((byte, i) => bytes[i] !== byte))) {
          reader.cancel();
          throw failure("server", `${fileName(url)} is not WebAssembly`, url);
        }
        settle.resolve();
      }
      counted(chunk.value.length);
    }
    settle.resolve();
  })();
  done.catch((error) => settle.reject(error));
  return { first, done };
}

/**
 * A fetch for the worker's global scope. `report({received, active})` is called at most every
 * 250 ms while bytes arrive; `broken(error)` if the wasm's download breaks off. A wasm
 * response that is not a 2xx, not served as application/wasm or does not start with
 * the wasm magic number rejects at once, with the reason, instead of leaving Pyodide
 * to fail somewhere later (or to download it all again).
 */
export function watchedFetch(fetch, report, broken) {
  let received = 0;
  let active = 0; // requests sent whose body has not all arrived
  let reported = 0;
  const send = () => {
    reported = Date.now();
    report({ received, active });
  };
  const counted = (bytes) => {
    received += bytes;
    if (Date.now() - reported >= PROGRESS_EVERY_MS) send();
  };
  const finished = () => {
    active -= 1;
    send();
  };
  return async (resource, options) => {
    const url = urlOf(resource);
    active += 1;
    send();
    let response;
    try {
      response = await fetch(resource, options);
    } catch (error) {
      finished();
      throw failure("network", `${fileName(url)} could not be downloaded (${error?.message ?? error})`, url);
    }
    const isWasm = url.endsWith(".wasm");
    const type = response.headers.get("content-type") ?? "";
    let refused = null;
    if (isWasm && !response.ok) refused = `${fileName(url)}: HTTP ${response.status}`;
    else if (isWasm && !type.startsWith("application/wasm")) {
      refused = `${fileName(url)} was sent as ${type || "no type"}, not application/wasm`;
    }
    // Other files' status is read by their own readers (a missing snapshot is normal).
    if (refused || !response.ok || !response.body) {
      finished();
      if (refused) throw failure("server", refused, url);
      return response;
    }
    // A copy is read for the count and the check; the original goes to its reader untouched
    // (for the wasm: to streaming compilation, which keeps the browser's compiled-code cache).
    const watching = watch(response.clone(), url, isWasm, counted);
    watching.done.then(finished, finished);
    if (!isWasm) {
      watching.done.catch(() => {}); // the file's own reader reports a broken body
      return response;
    }
    // A broken wasm download fails the start with its cause; Pyodide would only download it again.
    watching.done.catch(broken);
    await watching.first; // its first bytes decide; the rest downloads while it compiles
    return response;
  };
}
