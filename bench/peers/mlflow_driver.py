"""MLflow through its own client (MlflowClient against `mlflow server`) and the REST calls its UI makes."""

import os
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

from workload import CHART_KEY as SKILLBOARD_CHART_KEY
from workload import SKILLS, KeepAliveClient, chart_value, main, median_ms, timed, value
from workload import key as skillboard_key


def key(skill):
    """MLflow refuses '@' in a metric name: skill/<s>/pass@1 is logged as skill/<s>/pass_at_1."""
    return skillboard_key(skill).replace("@", "_at_")


CHART_KEY = SKILLBOARD_CHART_KEY.replace("@", "_at_")

URL = os.environ["MLFLOW_TRACKING_URI"]
BATCH = 1000  # values per log_batch request (MLflow's limit per request)
client = MlflowClient(tracking_uri=URL)


def _experiment_id():
    exp = client.get_experiment_by_name("peers-bench")
    return exp.experiment_id if exp else client.create_experiment("peers-bench")


def _log_in_batches(run_id, metrics):
    for i in range(0, len(metrics), BATCH):
        client.log_batch(run_id, metrics=metrics[i:i + BATCH])


def ingest(runs, steps):
    """create_run / log_batch in 1,000-value batches / set_terminated, run after run."""
    exp = _experiment_id()

    def work():
        for r in range(runs):
            run_id = client.create_run(exp, run_name="run-%d" % r).info.run_id
            client.log_param(run_id, "seed", r)
            now = int(time.time() * 1000)
            metrics = [Metric(key(s), value(r, i, step), now, step) for step in range(steps) for i, s in enumerate(SKILLS)]
            _log_in_batches(run_id, metrics)
            client.set_terminated(run_id)
    seconds, _ = timed(work)
    return {"seconds": seconds, "values": runs * steps * len(SKILLS)}


def series(points):
    exp = _experiment_id()

    def work():
        run_id = client.create_run(exp, run_name="chart-series").info.run_id
        now = int(time.time() * 1000)
        for start in range(0, points, BATCH):
            client.log_batch(run_id, metrics=[Metric(CHART_KEY, chart_value(s), now, s) for s in range(start, min(points, start + BATCH))])
        client.set_terminated(run_id)
        return run_id
    seconds, run_id = timed(work)
    return {"seconds": seconds, "values": points, "runId": run_id}


def read(runId, reads):
    """The UI's chart request: get-history-bulk-interval with max_results=1000 (MLflow samples steps server-side)."""
    query = urllib.parse.urlencode({"run_ids": runId, "metric_key": CHART_KEY, "max_results": 1000})
    path = "/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?%s" % query
    client = KeepAliveClient(URL)
    ms, body = median_ms(lambda: client.get_json(path), reads)
    return {"ms": ms, "points": len(body.get("metrics", []))}


def extra_runs(count):
    """Cheap runs for the runs list: create_run, one log_batch of the five skills at step 0, set_terminated."""
    exp = _experiment_id()

    def one(r):
        run_id = client.create_run(exp, run_name="extra-%d" % r).info.run_id
        client.log_batch(run_id, metrics=[Metric(key(s), value(r, i, 0), 0, 0) for i, s in enumerate(SKILLS)])
        client.set_terminated(run_id)

    def work():
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(one, range(count)))
    seconds, _ = timed(work)
    return {"seconds": seconds}


def list_runs(reads, limit):
    """The runs table: search_runs in one request, which returns each run's latest metrics (and its params and tags)."""
    exp = _experiment_id()

    def search():
        return client.search_runs([exp], max_results=limit)

    ms, runs = median_ms(search, reads)
    return {"ms": ms, "runs": len(runs), "withValues": sum(1 for r in runs if r.data.metrics)}


if __name__ == "__main__":
    main({"ingest": ingest, "series": series, "read": read, "extra-runs": extra_runs, "list": list_runs})
