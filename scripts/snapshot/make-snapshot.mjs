// Build-time memory snapshot of the calculators' interpreter (README, "Benchmark").
//
//   node scripts/snapshot/make-snapshot.mjs PYODIDE_DIR PACKAGE_ZIP HASH OUT_DIR
//
// Boots Pyodide in Node from the pinned npm package, unpacks the calculators
// package, imports it and answers every calculator and exercise once (so the
// modules and caches the browser needs are in memory), then writes to OUT_DIR:
//   python_stdlib.zip      only the stdlib modules that run imported (the rest is
//                          never read: the snapshot already holds what was imported)
//   interpreter.snapshot   the sealed memory snapshot (calculator-snapshot.js)
// It boots twice (the snapshot must be made with the trimmed zip in place, since
// the interpreter keeps the zip's directory), then restores the snapshot once
// more and fails unless the restored interpreter gives the same answers.
import fs from "node:fs";
import path from "node:path";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";
import { MAKE_OPTIONS, makeSnapshot, reseed, restoreOptions, unseal } from "../../docs/assets/javascripts/calculator-snapshot.js";

const [pyodideDir, packageZip, hash, outDir] = process.argv.slice(2);
if (!outDir) throw new Error("usage: make-snapshot.mjs PYODIDE_DIR PACKAGE_ZIP HASH OUT_DIR");
const indexURL = path.resolve(pyodideDir) + "/";
const packageBytes = new Uint8Array(fs.readFileSync(packageZip));
// Nothing from the build machine's environment goes into the snapshot.
const base = { indexURL, env: { HOME: "/home/pyodide" }, stdout: () => {}, stderr: (line) => console.error(line) };

// Every answer the browser may ask for first, as JSON text; the same code runs in each interpreter.
const WARM_UP = `
import json
from calculators import CALCULATORS, exercises
from calculators.web import respond

def _warm_up():
    answers = []
    for name, calc in CALCULATORS.items():
        for lang in ("en", "zh"):
            answers.append(respond(json.dumps({"calculator": name, "inputs": {}, "lang": lang, "want": ["sensitivity"]})))
            answers.append(respond(json.dumps({"calculator": name, "inputs": {calc.fields[0].name: "x"}, "lang": lang})))
    for exercise in exercises.catalogue():
        for lang in ("en", "zh"):
            answers.append(respond(json.dumps({"exercise": exercise.id, "lang": lang})))
            answers.append(respond(json.dumps({"exercise": exercise.id, "lang": lang, "responses": {}})))
    return json.dumps(answers)

_warm_up()
`;

function install(py) {
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
  py.unpackArchive(packageBytes, "zip", { extractDir: sitePackages });
}

// The stdlib zip's members that the running interpreter has imported, plus the
// codecs a stray encode/decode would most likely look up by name.
const TRIM = `
import sys, zipfile
_CODECS = {f"encodings/{name}.py" for name in ("ascii", "latin_1", "utf_8", "utf_8_sig", "utf_16", "utf_32")}
def _trimmed(source, target):
    prefix = source + "/"
    used = {m.__file__[len(prefix):] for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").startswith(prefix)}
    with zipfile.ZipFile(source) as full, zipfile.ZipFile(target, "w") as out:
        names = sorted(n for n in full.namelist() if n in used or n in _CODECS)
        for name in names:
            info = full.getinfo(name)
            out.writestr(info, full.read(name), compress_type=info.compress_type)
    return len(used)
`;

const started = performance.now();
const first = await loadPyodide(base);
install(first);
const expected = first.runPython(WARM_UP);
first.runPython(TRIM);
const stdlibSource = first.runPython("import sys; next(p for p in sys.path if p.endswith('.zip'))");
const used = first.runPython(`_trimmed(${JSON.stringify(stdlibSource)}, "/tmp/stdlib.zip")`);
const stdlib = first.FS.readFile("/tmp/stdlib.zip");
fs.mkdirSync(outDir, { recursive: true });
const stdlibPath = path.join(outDir, "python_stdlib.zip");
fs.writeFileSync(stdlibPath, stdlib);

const second = await loadPyodide({ ...base, ...MAKE_OPTIONS, stdLibURL: stdlibPath });
install(second);
if (second.runPython(WARM_UP) !== expected) throw new Error("the trimmed stdlib changed the answers");
// The random state is reseeded after every restore. gc.freeze(): the collector
// never walks the package's own objects again, so no edit waits ~20 ms for it.
second.runPython("import gc, random; random.seed(0); gc.collect(); gc.freeze()");
const sealed = makeSnapshot(second, hash);

const opened = unseal(sealed, hash);
if (opened instanceof Error) throw opened;
const { default: createPyodideModule } = await import("../../node_modules/pyodide/pyodide.asm.mjs");
const received = { snapshot: opened, filled: Promise.resolve() };
const restored = await loadPyodide({ ...base, ...restoreOptions(received, stdlibPath, createPyodideModule) });
reseed(restored);
install(restored);
if (restored.runPython("_warm_up()") !== expected) throw new Error("the restored snapshot answers differently");
fs.writeFileSync(path.join(outDir, "interpreter.snapshot"), sealed);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`snapshot: ${sealed.length} bytes, stdlib ${stdlib.length} bytes (${used} modules), ${seconds} s`);
