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

export const FORMAT = "CALCSNP1"; // our 64-byte header, then Pyodide's snapshot
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

function seal(snapshot, hash) {
  const sealed = new Uint8Array(HEADER + snapshot.length);
  sealed.set(snapshot, HEADER);
  const text = new TextEncoder();
  sealed.set(text.encode(FORMAT), 0);
  const view = new DataView(sealed.buffer);
  view.setUint32(8, checksum(snapshot), true);
  view.setUint32(12, snapshot.length, true);
  sealed.set(text.encode(hash.slice(0, 48)), 16);
  return sealed;
}

/** Pyodide's snapshot inside `sealed`, or an Error saying why it cannot be used for package `hash`. */
export function unseal(sealed, hash) {
  const text = new TextDecoder();
  if (sealed.length < HEADER || text.decode(sealed.subarray(0, 8)) !== FORMAT) return new Error("not a snapshot");
  const view = new DataView(sealed.buffer, sealed.byteOffset);
  const snapshot = sealed.subarray(HEADER);
  if (view.getUint32(12, true) !== snapshot.length) return new Error("snapshot truncated");
  const made = text.decode(sealed.subarray(16, HEADER)).replace(/\0+$/, "");
  if (made !== hash) return new Error(`snapshot of package ${made}, not ${hash}`);
  if (checksum(snapshot) !== view.getUint32(8, true)) return new Error("snapshot damaged");
  return snapshot;
}

/** loadPyodide options that restore `snapshot` (from unseal) with the stdlib zip it was made with. */
export function restoreOptions(snapshot, stdlibUrl) {
  return { _loadSnapshot: snapshot, stdLibURL: stdlibUrl };
}

/** After a restore: every visitor would otherwise share the build's random state. */
export function reseed(py) {
  py.runPython("import random; random.seed()");
}
