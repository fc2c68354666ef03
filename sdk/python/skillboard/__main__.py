"""python -m skillboard sync DIR [--url URL] [--api-key KEY]"""

from __future__ import annotations

import argparse
import logging
import sys

from . import SkillboardError, sync


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skillboard")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sync", help="upload spooled or offline runs")
    p.add_argument("dir", nargs="?", default=None, help="spool folder (default $SKILLBOARD_SPOOL_DIR or .skillboard/spool)")
    p.add_argument("--url", default=None, help="server URL (default $SKILLBOARD_URL or http://localhost:3000)")
    p.add_argument("--api-key", default=None, help="API key (default $SKILLBOARD_API_KEY)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        results = sync(args.dir, url=args.url, api_key=args.api_key)
    except SkillboardError as e:
        print(e, file=sys.stderr)
        return 1
    for r in results:
        print("%s: %s (%d stored, %d duplicate, %d dropped)" % (r["runId"], r["status"], r["stored"], r["duplicate"], r["dropped"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
