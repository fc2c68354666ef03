// Adds up the counts of every runner into one closing line: "N passed, N failed".
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : null);
let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

const vitest = read("vitest.json");
if (vitest) {
  const v = JSON.parse(vitest);
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numRuntimeErrorTestSuites ?? 0);
  skipped += v.numPendingTests + v.numTodoTests;
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed`);
} else {
  failed += 1;
  lines.push("vitest: no results (did it run?)");
}

const py = read("python.log");
if (py) {
  const ran = Number(py.match(/^Ran (\d+) tests?/m)?.[1] ?? 0);
  const f = py.match(/^FAILED \((.*)\)/m)?.[1] ?? "";
  const bad = [...f.matchAll(/(failures|errors)=(\d+)/g)].reduce((a, m) => a + Number(m[2]), 0);
  const skip = Number(f.match(/skipped=(\d+)/)?.[1] ?? py.match(/^OK \(skipped=(\d+)\)/m)?.[1] ?? 0);
  passed += ran - bad - skip;
  failed += bad + (ran === 0 ? 1 : 0);
  skipped += skip;
  lines.push(`python: ${ran - bad - skip} passed, ${bad} failed`);
}

const e2e = read("e2e.json");
if (e2e) {
  const s = JSON.parse(e2e).stats;
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  skipped += s.skipped;
  lines.push(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
} else {
  failed += 1;
  lines.push("e2e: no results (did it run?)");
}

for (const l of lines) console.log(`  ${l}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
