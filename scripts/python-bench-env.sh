#!/usr/bin/env bash
# Makes (or reuses) the benchmark virtual environment .venv-bench with the pinned peers of
# requirements/python-bench.txt (the full MLflow tracking server and Aim), using uv from PyPI.
# Kept apart from the test suite's .venv (scripts/python-env.sh). Prints the venv's python on success.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-bench"
stamp="$venv/.requirements.sha"
want="$(sha256sum < "$root/requirements/python-bench.txt" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"; exit 0
fi
{
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check uv==0.13.9
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" -r "$root/requirements/python-bench.txt"
} >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
