#!/usr/bin/env bash
# The whole test suite: type check, unit + integration (Vitest, real SQLite and HTTP),
# the Python SDK against a real server, and e2e in Debian's Chromium (Playwright).
# Installs what it needs first: npm dependencies and, when missing, Chromium.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NEXT_TELEMETRY_DISABLED=1
cd "$root"
results="$root/test-results"
rm -rf "$results" && mkdir -p "$results"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Dependencies"
if [ ! -d node_modules/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the e2e tests…"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { echo "could not install chromium"; exit 1; }
fi
command -v python3 >/dev/null || { echo "python3 is needed for the Python SDK tests"; exit 1; }
echo "Python test venv (.venv: the real MLflow, transformers, verl, tensorboardX and pyarrow clients)…"
bash scripts/python-env.sh >/dev/null || { echo "could not make the Python test venv (scripts/python-env.sh)"; exit 1; }

status=0
step "Type check"
npx tsc --noEmit || status=1

step "Slurm test cluster (one node on loopback)"
# Installs slurm-wlm and munge when missing (Debian, as root) and starts munged, slurmctld and slurmd;
# the cluster-pool tests run on it. It is stopped by its pid files when the suite ends.
if bash scripts/slurm-cluster.sh start; then
  trap 'step "Stopping the Slurm test cluster"; bash scripts/slurm-cluster.sh stop' EXIT
else
  echo "the Slurm test cluster did not start: the Slurm tests will fail"; status=1
fi

step "Ray test head (one node on loopback)"
# The pinned ray[default] of .venv: `ray start --head` with its Jobs API on 127.0.0.1 (token auth on, 2 CPUs,
# its own temp dir under /tmp/skillboard-ray); the Ray pool's tests run on it. Stopped by its recorded pid
# (never `ray stop`, which stops every Ray on the machine) in the same exit trap as the Slurm cluster.
if bash scripts/ray-cluster.sh start; then
  trap 'step "Stopping the Slurm test cluster"; bash scripts/slurm-cluster.sh stop; step "Stopping the Ray test head"; bash scripts/ray-cluster.sh stop' EXIT
else
  echo "the Ray test head did not start: the Ray tests will fail"; status=1
fi

step "Unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || status=1

step "Python SDK tests"
if [ -f sdk/python/run-tests.sh ]; then
  bash sdk/python/run-tests.sh 2>&1 | tee "$results/python.log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
fi

step "Build"
npx next build || { status=1; echo "build failed: skipping e2e"; }

if [ -f "${SKILLBOARD_NEXT_DIST_DIR:-.next}/BUILD_ID" ]; then
  step "End-to-end tests (Playwright, Debian Chromium)"
  # The e2e server also gets a Slurm pool on the test cluster (e2e/slurm-pool.spec.ts launches on it).
  if bash scripts/slurm-cluster.sh status; then export SKILLBOARD_POOLS_FILE="$root/e2e/slurm-pools.yaml" "$(bash scripts/slurm-cluster.sh env)"; fi
  CI=1 npx playwright test -c e2e/playwright.config.ts || status=1
fi

step "Summary"
node scripts/summarize-tests.mjs "$results" || status=1
exit $status
