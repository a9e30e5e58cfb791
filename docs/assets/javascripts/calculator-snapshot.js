// The one place that touches Pyodide's private memory-snapshot API
// (the _makeSnapshot/_loadSnapshot options and makeMemorySnapshot), which is
// why Pyodide is pinned. Used at build time by scripts/snapshot/make-snapshot.mjs
// (in Node) and in the browser by calculator-worker.js, so both sides agree on
// where the files live and how they are sealed.
//
// A snapshot is the memory of an interpreter that has imported the calculators
// package and answered every calculator once, made by the build. The browser
// restores it instead of starting Python (seconds of CPU). It only works with
// the exact Pyodide build it was made by (Pyodide checks its build id) and
// with the stdlib zip it was made with (the interpreter holds that zip's
// directory), so both files are named after the package and Pyodide version.

export const FORMAT = "CALCSNP2"; // our 64-byte header, then Pyodide's snapshot (see seal())
const HEADER = 64;
// Pyodide 314 cannot restore a snapshot of a heap that grew past its initial
// 30 MiB (it ignores INITIAL_MEMORY; pyodide/pyodide#6254): checked at build.
export const HEAP_BYTES = 30 * 1024 * 1024;

/** Where the snapshot of `packageUrl` for Pyodide `version` and its stdlib zip live (site_assets.py agrees). */
export function snapshotUrls(packageUrl, version) {
  const dir = new URL(`${packageUrl.replace(/\.zip$/, "")}.pyodide-${version}/`);
  return { snapshot: new URL("interpreter.snapshot", dir).href, stdlib: new URL("python_stdlib.zip", dir).href };
}

/** The package's content hash, as in its file name (calculators-<hash>.zip). */
export function packageHash(packageUrl) {
  return /calculators-([0-9a-f]+)\.zip$/.exec(packageUrl)?.[1] ?? "";
}

/** A fast 32-bit checksum of every word: catches a truncated or damaged download (not an attacker). */
export function checksum(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

/** Options for a Pyodide start that can be snapshotted afterwards. */
export const MAKE_OPTIONS = { _makeSnapshot: true };

/** Zero memory malloc holds free (stale bytes compress badly), then take the snapshot, sealed with our header. */
export function makeSnapshot(py, hash) {
  const heap = py._module;
  if (heap.HEAP8.length !== HEAP_BYTES) {
    throw new Error(`the heap grew to ${heap.HEAP8.length} bytes; a snapshot must be made at ${HEAP_BYTES}`);
  }
  const limit = heap._malloc_footprint_limit();
  heap._malloc_set_footprint_limit(heap._malloc_footprint()); // malloc fails rather than grow the heap
  const blocks = [];
  for (let size = 1 << 24; size >= 16; size >>= 1) {
    for (let block = heap._malloc(size); block; block = heap._malloc(size)) {
      heap.HEAP8.fill(0, block, block + size);
      blocks.push(block);
    }
  }
  for (const block of blocks) heap._free(block);
  heap._malloc_set_footprint_limit(limit);
  if (heap.HEAP8.length !== HEAP_BYTES) throw new Error("the heap grew while being zeroed");
  return seal(py.makeMemorySnapshot(), hash);
}

// The sealed file: our header, then Pyodide's snapshot with its all-zero pages left
// out (about half the heap): half the bytes to decompress, check and copy.
//   header (64 bytes): FORMAT, checksum of the body, body length, snapshot length, package hash
//   body: page count, a bitmap of the pages kept, those pages
const PAGE = 4096;

export function seal(snapshot, hash) {
  const pages = Math.ceil(snapshot.length / PAGE);
  const bitmap = new Uint8Array(Math.ceil(pages / 32) * 4);
  const kept = [];
  const words = new Uint32Array(snapshot.buffer, snapshot.byteOffset, snapshot.length >>> 2);
  for (let page = 0; page < pages; page++) {
    if (words.subarray((page * PAGE) >>> 2, ((page + 1) * PAGE) >>> 2).some((word) => word !== 0)) {
      bitmap[page >> 3] |= 1 << (page & 7);
      kept.push(snapshot.subarray(page * PAGE, (page + 1) * PAGE));
    }
  }
  const body = new Uint8Array(4 + bitmap.length + kept.length * PAGE);
  new DataView(body.buffer).setUint32(0, pages, true);
  body.set(bitmap, 4);
  kept.forEach((bytes, i) => body.set(bytes, 4 + bitmap.length + i * PAGE));
  const sealed = new Uint8Array(HEADER + body.length);
  sealed.set(new TextEncoder().encode(FORMAT), 0);
  const header = new DataView(sealed.buffer);
  header.setUint32(8, checksum(body), true);
  header.setUint32(12, body.length, true);
  header.setUint32(16, snapshot.length, true);
  sealed.set(new TextEncoder().encode(hash.slice(0, HEADER - 20)), 20);
  sealed.set(body, HEADER);
  return sealed;
}

/** The header's fields, or an Error saying why the file cannot be used for package `hash`. */
function readHeader(bytes, hash) {
  const text = new TextDecoder();
  if (bytes.length < HEADER || text.decode(bytes.subarray(0, 8)) !== FORMAT) return new Error("not a snapshot");
  const made = text.decode(bytes.subarray(20, HEADER)).replace(/\0+$/, "");
  if (made !== hash) return new Error(`snapshot of package ${made}, not ${hash}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return { sum: view.getUint32(8, true), bodyLength: view.getUint32(12, true), length: view.getUint32(16, true) };
}

/** Check the body against the header and write its pages into `snapshot` (zero-filled); an Error if it fails. */
function expand(header, body, snapshot) {
  if (body.length !== header.bodyLength) return new Error("snapshot truncated");
  if (checksum(body) !== header.sum) return new Error("snapshot damaged");
  const pages = new DataView(body.buffer, body.byteOffset).getUint32(0, true);
  const bitmap = body.subarray(4, 4 + Math.ceil(pages / 32) * 4);
  let from = 4 + bitmap.length;
  for (let page = 0; page < pages; page++) {
    if (bitmap[page >> 3] & (1 << (page & 7))) {
      const at = page * PAGE;
      snapshot.set(body.subarray(from, from + Math.min(PAGE, snapshot.length - at)), at);
      from += PAGE;
    }
  }
  return null;
}

/** Pyodide's snapshot inside a whole sealed file, or an Error saying why it cannot be used. */
export function unseal(sealed, hash) {
  const header = readHeader(sealed, hash);
  if (header instanceof Error) return header;
  const snapshot = new Uint8Array(header.length);
  return expand(header, sealed.subarray(HEADER), snapshot) ?? snapshot;
}

/**
 * Start reading a sealed snapshot from a fetch Response. Resolves, as soon as the
 * header has arrived, to {snapshot, filled, cancel}: the buffer Pyodide will restore
 * from, a promise that it is complete and checked (it rejects if not), so Pyodide can
 * fetch and compile its wasm while the rest downloads, and a way to stop reading.
 * Rejects on a bad header.
 */
export async function receive(response, hash) {
  const reader = response.body.getReader();
  let head = new Uint8Array(0);
  while (head.length < HEADER) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = new Uint8Array(head.length + value.length);
    joined.set(head);
    joined.set(value, head.length);
    head = joined;
  }
  const header = readHeader(head, hash);
  if (header instanceof Error) {
    reader.cancel();
    throw header;
  }
  const snapshot = new Uint8Array(header.length);
  const filled = (async () => {
    const body = new Uint8Array(header.bodyLength);
    let at = Math.min(head.length - HEADER, body.length);
    body.set(head.subarray(HEADER, HEADER + at));
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > body.length) throw new Error("snapshot longer than its header says");
      body.set(value, at);
      at += value.length;
    }
    const failed = expand(header, body.subarray(0, at), snapshot);
    if (failed) throw failed;
  })();
  filled.catch(() => {}); // reported through loadPyodide (restoreOptions)
  return { snapshot, filled, cancel: () => reader.cancel() };
}

/**
 * loadPyodide options that restore a received snapshot with the stdlib zip it was
 * made with. Pyodide reads the snapshot only after its module is instantiated, so
 * the module factory waits there for the snapshot to be complete and checked.
 */
export function restoreOptions({ snapshot, filled }, stdlibUrl, createPyodideModule) {
  return {
    _loadSnapshot: snapshot,
    stdLibURL: stdlibUrl,
    createPyodideModule: async (settings) => {
      const module = await createPyodideModule(settings);
      await filled;
      return module;
    },
  };
}

/** After a restore: every visitor would otherwise share the build's random state. */
export function reseed(py) {
  py.runPython("import random; random.seed()");
}
