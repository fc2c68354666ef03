"""The work every peer is fed in `npm run bench:peers`: the same runs, keys, steps and values.

Each driver (skillboard_driver.py, mlflow_driver.py, aim_driver.py) is a small command line:
    python <driver>.py <phase> '<json args>'
and prints one JSON line with what it measured. Clocks start after the imports, so interpreter and
library start-up are not counted; a driver times only calls to its tool's own client.
"""

import http.client
import json
import statistics
import sys
import time
import urllib.parse

SKILLS = ("localization", "editing", "unit_test", "review", "reproduction")
CHART_KEY = "skill/editing/pass@1"


def key(skill):
    return "skill/%s/pass@1" % skill


def value(run, skill_index, step):
    """A deterministic, noisy learning curve in [0, 1]."""
    x = step / 1000.0
    wiggle = ((run * 7919 + skill_index * 104729 + step * 31) % 997) / 997.0
    return min(1.0, 0.2 + 0.5 * x / (1 + x) + 0.2 * wiggle)


def chart_value(step):
    return value(0, 1, step)


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def median_ms(fn, reads, warmups=3):
    """Median wall time of `reads` calls of fn (after a few untimed warm-up calls: a server's JIT and
    caches settle, as they have on a dashboard in use), and fn's last answer."""
    for _ in range(warmups):
        out = fn()
    times = []
    for _ in range(reads):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), out


class KeepAliveClient(object):
    """GETs JSON over one kept-alive connection, as a browser polling a dashboard does."""

    def __init__(self, base_url, headers=None):
        parts = urllib.parse.urlsplit(base_url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
        self.headers = dict(headers or {}, accept="application/json")

    def get_json(self, path):
        self.conn.request("GET", path, headers=self.headers)
        res = self.conn.getresponse()
        body = res.read()
        if res.status != 200:
            raise RuntimeError("GET %s: HTTP %d %s" % (path, res.status, body[:500]))
        return json.loads(body)


def main(phases):
    """Runs the phase named on the command line with its JSON arguments; prints its JSON result."""
    phase = sys.argv[1]
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = phases[phase](**args)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
