// Run Python code in Pyodide under Node, offline: node run_python.mjs JOB.json
// JOB.json: {"files": {"/abs/path.py": "source", ...}, "code": "...", "input": "..."}.
// The files are written into Pyodide's file system; the code sees `JOB_INPUT` (a string) and
// its last expression, a string, is printed on stdout.
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { loadPyodide } from "pyodide";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const pyodide = await loadPyodide();
for (const [path, text] of Object.entries(job.files)) {
  pyodide.FS.mkdirTree(posix.dirname(path));
  pyodide.FS.writeFile(path, text, { encoding: "utf8" });
}
pyodide.globals.set("JOB_INPUT", job.input ?? "");
const result = await pyodide.runPythonAsync(job.code);
process.stdout.write(String(result));
