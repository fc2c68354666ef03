// The e2e recipe's process: prints numbered lines to stdout and warnings to stderr, logs a metric over REST.
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
const steps = Number(args.steps ?? 8);
const { SKILLBOARD_URL: url, SKILLBOARD_API_KEY: key, SKILLBOARD_RUN_ID: runId } = process.env;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function logMetric(step, value) {
  if (!url || !runId) return;
  await fetch(`${url}/api/v1/runs/${runId}/metrics`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ batchId: `progress-${step}`, points: [{ key: "train/progress", step, value: step / steps }] }),
  }).catch(() => {});
}

console.log(`e2e trainer: ${steps} steps, lr=${args.lr}, skills=${args.skills}, seed=${args.seed}`);
for (let step = 1; step <= steps; step++) {
  console.log(`stdout line ${step} of ${steps} lr=${args.lr}`);
  if (step % 5 === 1) console.error(`stderr warning at step ${step}`);
  await logMetric(step, step / steps);
  await sleep(250);
}
console.log("e2e trainer: done");
