/**
 * A trainer process for the SIGKILL tests: logs through the real TypeScript SDK
 * until its stdin closes, then finishes the run and prints one JSON line
 * `{runId, steps, spooled, dropped}`.
 *
 *   node --import tsx/dist/loader.mjs sdk-writer.ts <url> <api key> <run id> <spool dir> <writer index>
 *
 * Every step logs `a` and `b`; every tenth step also a log line and a trajectory,
 * so that a batch stored twice shows as a duplicate (metric steps cannot).
 */
import { Run } from "../../../sdk/ts/src/run";
import { sleep } from "../../../sdk/ts/src/retry";
import { expectedLogLine, expectedValue, STEPS_PER_FLUSH, WRITER_STEPS_PER_SECOND, writerTrajectory } from "./ingest-expectations";

const [url, apiKey, runId, spoolDir, index] = process.argv.slice(2);
const writer = Number(index);

const run = new Run({
  url,
  apiKey,
  runId,
  spoolDir,
  env: {},
  project: "sigkill",
  name: `writer ${writer}`,
  warn: () => {},
  // Retries outlast a short outage; a longer one spools, and the spool is retried often.
  retry: { initialDelayMs: 20, maxDelayMs: 200, giveUpAfterMs: 1_000 },
  spoolRetryIntervalMs: 200,
  flushIntervalMs: 1_000, // the explicit flush every STEPS_PER_FLUSH steps sends (and drains the spool)
  requestTimeoutMs: 10_000,
  finishOnExit: false,
});

let stopping = false;
process.stdin.on("end", () => (stopping = true));
process.stdin.on("close", () => (stopping = true));
process.stdin.resume();

const started = Date.now();
let step = 0;
while (!stopping) {
  for (let i = 0; i < STEPS_PER_FLUSH; i++, step++) {
    run.log({ a: expectedValue(writer, "a", step), b: expectedValue(writer, "b", step) }, step);
    if (step % 10 === 0) {
      run.logText("stdout", expectedLogLine(writer, step));
      run.logTrajectory(writerTrajectory(writer, step));
    }
  }
  await run.flush();
  const due = started + (step / WRITER_STEPS_PER_SECOND) * 1000;
  if (due > Date.now()) await sleep(due - Date.now());
}
const result = await run.finish();
// Exits at once: idle keep-alive connections would hold the process open a while.
process.stdout.write(`${JSON.stringify({ runId, steps: step, spooled: result.spooled, dropped: result.dropped })}\n`, () => process.exit(0));
