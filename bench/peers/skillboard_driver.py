"""Skillboard through its Python SDK (sdk/python, standard library only), as a trainer calls it."""

import json
import os
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sdk", "python"))

import skillboard  # noqa: E402
from workload import CHART_KEY, SKILLS, KeepAliveClient, chart_value, key, main, median_ms, timed, value  # noqa: E402

URL = os.environ["SKILLBOARD_URL"]
API_KEY = os.environ["SKILLBOARD_API_KEY"]
PROJECT = "peers-bench"


def ingest(runs, steps):
    """init / log one dict of the five skills per step / finish, run after run."""
    def work():
        for r in range(runs):
            skillboard.init(project=PROJECT, name="run-%d" % r, config={"seed": r})
            for step in range(steps):
                skillboard.log({key(s): value(r, i, step) for i, s in enumerate(SKILLS)}, step=step)
            skillboard.finish()
    seconds, _ = timed(work)
    return {"seconds": seconds, "values": runs * steps * len(SKILLS)}


def series(points):
    """One run with one key at `points` steps (the chart read's series)."""
    def work():
        run = skillboard.init(project=PROJECT, name="chart-series")
        for step in range(points):
            skillboard.log({CHART_KEY: chart_value(step)}, step=step)
        skillboard.finish()
        return run.id
    seconds, run_id = timed(work)
    return {"seconds": seconds, "values": points, "runId": run_id}


def _request(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method, headers={
        "authorization": "Bearer " + API_KEY, "content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as res:
        return json.loads(res.read())


def read(runId, reads):
    """The run page's chart: GET /api/v1/runs/:id/metrics?keys=…&maxPoints=1000."""
    path = "/api/v1/runs/%s/metrics?%s" % (runId, urllib.parse.urlencode({"keys": CHART_KEY, "maxPoints": 1000}))
    client = KeepAliveClient(URL, {"authorization": "Bearer " + API_KEY})
    ms, body = median_ms(lambda: client.get_json(path), reads)
    return {"ms": ms, "points": len(body["series"][CHART_KEY])}


def extra_runs(count):
    """Cheap runs for the runs list: create, one batch of the five skills at step 0, finish (REST v1)."""
    def one(r):
        run = _request("POST", "/api/v1/runs", {"project": PROJECT, "name": "extra-%d" % r})
        points = [{"key": key(s), "step": 0, "value": value(r, i, 0)} for i, s in enumerate(SKILLS)]
        _request("POST", "/api/v1/runs/%s/metrics" % run["id"], {"batchId": "extra-%d" % r, "points": points})
        _request("POST", "/api/v1/runs/%s/finish" % run["id"], {"status": "succeeded"})

    def work():
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(one, range(count)))
    seconds, _ = timed(work)
    return {"seconds": seconds}


def list_runs(reads, limit):
    """The runs table: every run with its latest Pass@1 per skill (GET /api/v1/runs?include=latestPass1)."""
    path = "/api/v1/runs?%s" % urllib.parse.urlencode({"project": PROJECT, "limit": limit, "include": "latestPass1"})
    client = KeepAliveClient(URL, {"authorization": "Bearer " + API_KEY})
    ms, body = median_ms(lambda: client.get_json(path), reads)
    return {"ms": ms, "runs": len(body["runs"]), "withValues": len(body["latestPass1"])}


if __name__ == "__main__":
    main({"ingest": ingest, "series": series, "read": read, "extra-runs": extra_runs, "list": list_runs})
