// Warm starts for the calculators' worker: a memory snapshot of the Python
// interpreter, taken right after the calculators package is imported, kept in
// IndexedDB. The first visit boots Pyodide (seconds of CPU) and saves the snapshot;
// later visits restore it (well under a second). See README, "Benchmark".
//
// - Keyed by the runtime and package URLs, which are both versioned: a new
//   Pyodide or a new calculators zip starts afresh. Only the newest is kept (~30 MB).
// - Taken before the first calculation, so it holds no reader input.
// - Uses Pyodide's private _makeSnapshot/_loadSnapshot options (Pyodide is pinned,
//   and refuses a snapshot of another build). Any failure falls back to a normal
//   start; a restore that hangs drops the snapshot, so the next visit starts afresh.
// - IndexedDB rather than Cache Storage: it also works on plain-HTTP intranet hosts.
const DB_NAME = "calculators-pyodide";
const STORE = "snapshots";
const RESTORE_TIMEOUT_MS = 15_000;

function transact(mode, work) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(request.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        reject(tx.error);
      };
    };
  });
}

/** Drop every saved snapshot. */
export function forget() {
  return transact("readwrite", (store) => store.clear()).catch(() => {});
}

/** Pyodide restored from this key's snapshot, or null when there is none or it fails. */
export async function restore(loadPyodide, options, key) {
  let snapshot;
  try {
    snapshot = await transact("readonly", (store) => store.get(key));
  } catch {
    return null; // no IndexedDB here (e.g. some private modes)
  }
  if (!snapshot) return null;
  const watchdog = setTimeout(forget, RESTORE_TIMEOUT_MS);
  try {
    return await loadPyodide({ ...options, _loadSnapshot: snapshot });
  } catch {
    await forget();
    return null;
  } finally {
    clearTimeout(watchdog);
  }
}

/** Options for a normal start that can be snapshotted afterwards. */
export const SNAPSHOT_OPTIONS = { _makeSnapshot: true };

/** Import `module` into a freshly started Pyodide and save its memory under this key (in the background). */
export function remember(py, key, module) {
  let snapshot;
  try {
    py.runPython(`import ${module}`);
    snapshot = py.makeMemorySnapshot();
  } catch {
    return;
  }
  transact("readwrite", (store) => {
    store.clear();
    return store.put(snapshot, key);
  }).catch(() => {});
}
