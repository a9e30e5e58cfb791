// A trainee's progress on the exercises, kept in this browser (localStorage) under a key of
// the site's own path, and carried to another browser as a file. Generic: it knows no
// exercise by name and has no words of its own; exercises.js shows what it reports.
//
// Nothing kept is ever lost silently: an entry that is not exactly what this script writes
// is never counted (a string "false" is not a solved exercise), and stored text that could
// not all be read is set aside under another key first; a full or blocked storage is
// reported, and the progress then lasts as long as the tab.

import { readStored, removeStored, setAside, siteScope, writeStored } from "./site-storage.js";

// The stored value and the exported file are one document: {format, version, exercises}.
export const FORMAT = "private-traffic-handbook/exercise-progress";
export const VERSION = 1;
const ID = /^[a-z0-9][a-z0-9_-]{0,99}$/;
const FLAGS = ["solved", "hint", "solution"];

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** One exercise's entry, exactly as this script writes it, or null when it is anything else:
 * solved, hint and solution are booleans, attempts a whole number ≥ 0, at a time in ms. */
export function cleanEntry(value) {
  if (!isObject(value)) return null;
  const entry = { attempts: 0, solved: false, hint: false, solution: false };
  for (const flag of FLAGS) {
    if (value[flag] === undefined) continue;
    if (typeof value[flag] !== "boolean") return null;
    entry[flag] = value[flag];
  }
  if (value.attempts !== undefined) {
    if (!Number.isSafeInteger(value.attempts) || value.attempts < 0) return null;
    entry.attempts = value.attempts;
  }
  if (value.at !== undefined) {
    if (typeof value.at !== "number" || !Number.isFinite(value.at) || value.at < 0) return null;
    entry.at = value.at;
  }
  return entry;
}

/** The entries of a {id: entry} object: { entries: Map, ignored } (ignored: how many were not
 * valid entries, or named no exercise that may exist). */
function cleanEntries(object) {
  const entries = new Map();
  let ignored = 0;
  for (const [id, value] of Object.entries(object)) {
    const entry = ID.test(id) ? cleanEntry(value) : null;
    if (entry) entries.set(id, entry);
    else ignored += 1;
  }
  return { entries, ignored };
}

/** A progress document (stored or exported): { entries, ignored } or null when the text is
 * not one (not JSON, another format, another version). */
export function parseDocument(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(data) || data.format !== FORMAT || data.version !== VERSION || !isObject(data.exercises)) return null;
  return cleanEntries(data.exercises);
}

/** What the first version of this script stored: {id: entry}, unversioned. */
function parseLegacy(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  return isObject(data) ? cleanEntries(data) : null;
}

export function toDocument(entries, extra = {}) {
  const exercises = {};
  for (const [id, entry] of [...entries].sort(([a], [b]) => a.localeCompare(b))) exercises[id] = entry;
  return { format: FORMAT, version: VERSION, ...extra, exercises };
}

/** One entry from two: solved if either was, the more attempts, every reveal kept. */
export function mergeEntry(a, b) {
  if (!a) return { ...b };
  const merged = {
    attempts: Math.max(a.attempts, b.attempts),
    solved: a.solved || b.solved,
    hint: a.hint || b.hint,
    solution: a.solution || b.solution,
  };
  const at = Math.max(a.at ?? 0, b.at ?? 0);
  if (at) merged.at = at;
  return merged;
}

/**
 * The progress of one site in this browser. `name` (data-store) and `legacy` (the key the
 * first version used, data-store-legacy) come from the page. Notices are plain objects the
 * page script words: {kind: "blocked"}, {kind: "unreadable", key}, {kind: "partly", key,
 * count, total}; a write answers null or "full" / "blocked".
 */
export class ProgressStore {
  constructor(name, legacy) {
    this.key = `${name}:v${VERSION}:${siteScope()}`;
    this.legacy = legacy;
    this.entries = new Map();
    this.notice = null; // what loading found, said on every widget until the tab closes
    this.locked = null; // why nothing may be written this visit ("full" / "blocked"), or null
    this.load();
  }

  load() {
    const stored = readStored(this.key);
    if (stored.blocked) {
      this.notice = { kind: "blocked" };
      this.locked = "blocked";
      return;
    }
    if (stored.text === null) {
      this.migrate();
      return;
    }
    const parsed = parseDocument(stored.text);
    this.entries = parsed?.entries ?? new Map();
    if (parsed && parsed.ignored === 0) return;
    this.keepAside(this.key, stored.text, parsed);
  }

  /** The first version's key, read once: its valid entries move here, the whole text set aside
   * if any of it could not be read; it is removed only once its entries are stored here. */
  migrate() {
    if (!this.legacy) return;
    const old = readStored(this.legacy);
    if (old.blocked || old.text === null) return;
    const parsed = parseLegacy(old.text);
    this.entries = parsed?.entries ?? new Map();
    if (!parsed || parsed.ignored) {
      const aside = setAside(this.legacy, old.text);
      if (aside.error) {
        this.notice = { kind: "unreadable", key: this.legacy };
        this.locked = aside.error;
        return;
      }
      this.notice = noticeOf(parsed, aside.key);
    }
    if (!this.write()) removeStored(this.legacy);
  }

  /** Text under key that could not all be read: copied beside it first, then only the valid
   * entries are written back. If the copy cannot be made, nothing is written this visit. */
  keepAside(key, text, parsed) {
    const aside = setAside(key, text);
    if (aside.error) {
      this.notice = noticeOf(parsed, key);
      this.locked = aside.error;
      return;
    }
    this.notice = noticeOf(parsed, aside.key);
    if (this.entries.size) this.write();
    else removeStored(key);
  }

  /** Another tab wrote: take what it stored (a notice already given stays). */
  reload() {
    const stored = readStored(this.key);
    if (stored.blocked || this.locked) return;
    if (stored.text === null) {
      this.entries = new Map();
      return;
    }
    const parsed = parseDocument(stored.text);
    if (parsed && parsed.ignored === 0) this.entries = parsed.entries;
  }

  get(id) {
    return this.entries.get(id);
  }

  /** Change one exercise's entry and store everything: null, or why it was not stored. */
  update(id, change) {
    const entry = this.entries.get(id) ?? { attempts: 0, solved: false, hint: false, solution: false };
    this.entries.set(id, { ...entry, ...change(entry), at: Date.now() });
    return this.write();
  }

  /** Take a file's entries for the exercises in `known` (ids): { taken, solved, ignored, error }
   * or null when the text is not an exported progress file. */
  import(text, known) {
    const parsed = parseDocument(text);
    if (!parsed) return null;
    let taken = 0;
    let solved = 0;
    let ignored = parsed.ignored;
    for (const [id, entry] of parsed.entries) {
      if (!known.has(id)) {
        ignored += 1;
        continue;
      }
      taken += 1;
      if (entry.solved) solved += 1;
      this.entries.set(id, mergeEntry(this.entries.get(id), entry));
    }
    return { taken, solved, ignored, error: taken ? this.write() : null };
  }

  /** The file's text: every entry kept here, with when it was written. */
  export() {
    return JSON.stringify(toDocument(this.entries, { exported: new Date().toISOString() }), null, 2) + "\n";
  }

  /** Forget every entry, here and in storage (the first version's key too; set-aside copies
   * stay): null, or why storage still holds them. */
  clear() {
    this.entries = new Map();
    if (this.locked) return this.locked;
    const removed = removeStored(this.key) && (!this.legacy || removeStored(this.legacy));
    return removed ? null : "blocked";
  }

  write() {
    if (this.locked) return this.locked;
    return writeStored(this.key, JSON.stringify(toDocument(this.entries)));
  }
}

function noticeOf(parsed, key) {
  if (!parsed) return { kind: "unreadable", key };
  return { kind: "partly", key, count: parsed.ignored, total: parsed.ignored + parsed.entries.size };
}
