// Runs calculator cases inside Pyodide (Node, the npm package) and prints the answers as JSON.
// Usage: node run_cases.mjs <calculators.zip>  < cases.json
//   ({"cases": [[name, inputs], ...], "requests": [web request, ...]}: run() and web.answer())
// The zip is the very archive the site serves, so this checks the shipped bytes.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const pyodideDir = path.dirname(require.resolve("pyodide/package.json"));
const { loadPyodide } = await import(path.join(pyodideDir, "pyodide.mjs"));

const [zipPath] = process.argv.slice(2);
const cases = readFileSync(0, "utf8");
const py = await loadPyodide({ indexURL: pyodideDir + path.sep });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_path('purelib')");
py.unpackArchive(new Uint8Array(readFileSync(zipPath)), "zip", { extractDir: sitePackages });
py.globals.set("cases_json", cases);
const out = py.runPython(`
import json, sys
import calculators
from calculators import web
given = json.loads(cases_json)
answers = []
for name, inputs in given["cases"]:
    try:
        answers.append({"ok": calculators.run(name, inputs)})
    except calculators.ValidationError as error:
        answers.append({"error": [e.to_dict() for e in error.errors]})
replies = [web.answer(request) for request in given["requests"]]
json.dumps({"python": sys.version.split()[0], "answers": answers, "replies": replies}, allow_nan=False)
`);
process.stdout.write(out);
