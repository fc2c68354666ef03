#!/usr/bin/env bash
# Makes (or reuses) the test virtual environment .venv with the pinned real clients of
# requirements/python-tests*.txt, using uv from PyPI. Prints the venv's python on success.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
stamp="$venv/.requirements.sha"
want="$(cat "$root"/requirements/python-tests*.txt | sha256sum | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"; exit 0
fi
{
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check uv==0.13.9
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" -r "$root/requirements/python-tests.txt"
  "$venv/bin/uv" pip install -q --python "$venv/bin/python" --no-deps -r "$root/requirements/python-tests-nodeps.txt"
} >&2
echo "$want" > "$stamp"
echo "$venv/bin/python"
