import path from "node:path";
import { REPO_ROOT, writeScript } from "./harness";

/**
 * A training job for the fault tests: through the TS SDK (attached by SKILLBOARD_RUN_ID) it logs
 * `train/loss` = 1/step at steps 1, 2, 3, … and prints `line <step>` on stdout after each, 20 ms
 * apart, and leaves control files named `<control dir>/<run id>.<name>` for the test:
 * - `pid`: its process id, written at start;
 * - `acked`: a line with the last step the SDK confirmed stored, after every tenth step;
 * - `at-<step>`: written when it reached a pause point.
 * Its argv: `<control dir> [pauses] [later attempt's steps]`. Pauses such as `20:go,60:finish` wait at
 * step 20 for the file `go`, at 60 for `finish`, and the last pause ends the job (exit 0) once its file
 * appears; with none it logs until stdout is gone (its reader, the worker, was killed). A later
 * attempt of the run (its `pid` file exists already) logs the given number of steps and ends.
 */
export function writeSteppingJob(dir: string): string {
  return writeScript(
    dir,
    "stepping-job.mts",
    `import fs from "node:fs";
import { init } from ${JSON.stringify(path.join(REPO_ROOT, "sdk/ts/src/index.ts"))};
const [controlDir, pausesArg = "", laterAttemptSteps = "0"] = process.argv.slice(2);
const control = (name: string) => controlDir + "/" + process.env.SKILLBOARD_RUN_ID + "." + name;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const laterAttempt = fs.existsSync(control("pid"));
const lastStep = laterAttempt ? Number(laterAttemptSteps) : 0;
const pauses = pausesArg ? pausesArg.split(",").map((p) => { const [step, file] = p.split(":"); return { step: Number(step), file }; }) : [];
// The worker that read stdout is gone: end here, as a trainer killed by SIGPIPE would.
process.stdout.on("error", () => process.exit(3));
fs.writeFileSync(control("pid"), String(process.pid));
const run = init({ flushIntervalMs: 100 });
for (let step = 1; ; step++) {
  run.log({ "train/loss": 1 / step }, step);
  console.log("line " + step);
  await sleep(20);
  if (step % 10 === 0) {
    await run.flush();
    fs.appendFileSync(control("acked"), step + "\\n");
  }
  const pause = laterAttempt ? undefined : pauses.find((p) => p.step === step);
  if (pause) {
    fs.writeFileSync(control("at-" + step), "");
    while (!fs.existsSync(control(pause.file))) await sleep(50);
    if (pause === pauses.at(-1)) break;
  }
  if (step === lastStep) break;
}
await run.finish();
`,
  );
}
