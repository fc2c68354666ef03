#!/usr/bin/env bash
# Runs the Python SDK tests against real Skillboard servers (bin/skillboard server --api-only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
exec "${PYTHON:-python3}" -m unittest discover -s tests -t . "$@"
