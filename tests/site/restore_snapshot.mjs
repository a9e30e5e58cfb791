// Restores the built site's interpreter snapshot in Node, the way the worker does
// (calculator-snapshot.js), twice, and prints JSON: each restore's first random
// number, and the second restore's answers to the cases on stdin ([[name, inputs], ...])
// and to the web requests on stdin, before the package's files are unpacked (the
// worker answers first and unpacks them afterwards).
// Usage: node restore_snapshot.mjs <snapshot dir> <package hash>  < {"cases": [...], "requests": [...]}
import { readFileSync } from "node:fs";
import path from "node:path";
import { reseed, restoreOptions, unseal } from "../../docs/assets/javascripts/calculator-snapshot.js";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
const pyodideDir = path.join(root, "node_modules", "pyodide") + path.sep;
const { loadPyodide } = await import(path.join(pyodideDir, "pyodide.mjs"));
const { default: createPyodideModule } = await import(path.join(pyodideDir, "pyodide.asm.mjs"));
const [dir, hash] = process.argv.slice(2);
const cases = readFileSync(0, "utf8");

async function restore() {
  const snapshot = unseal(new Uint8Array(readFileSync(path.join(dir, "interpreter.snapshot"))), hash);
  if (snapshot instanceof Error) throw snapshot;
  const received = { snapshot, filled: Promise.resolve() };
  const stdlib = path.join(dir, "python_stdlib.zip");
  const py = await loadPyodide({ indexURL: pyodideDir, ...restoreOptions(received, stdlib, createPyodideModule) });
  reseed(py);
  return py;
}

const first = await restore();
const second = await restore();
second.globals.set("stdin_json", cases);
const answers = second.runPython(`
import json
import calculators
from calculators.web import respond
given = json.loads(stdin_json)
answers = []
for name, inputs in given["cases"]:
    try:
        answers.append({"ok": calculators.run(name, inputs)})
    except calculators.ValidationError as error:
        answers.append({"error": [e.to_dict() for e in error.errors]})
json.dumps({"cases": answers, "requests": [respond(request) for request in given["requests"]]}, allow_nan=False)
`);
const random = [first, second].map((py) => py.runPython("import random; random.random()"));
process.stdout.write(JSON.stringify({ random, ...JSON.parse(answers) }));
