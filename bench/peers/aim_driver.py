"""Aim through its Python SDK writing a local repo, read back with its own query API (as `aim up` does)."""

import os
from concurrent.futures import ThreadPoolExecutor

from aim import Repo, Run
from aim.sdk.index_manager import RepoIndexManager
from aim.storage.context import Context
from aim.sdk.types import QueryReportMode

from workload import CHART_KEY, SKILLS, chart_value, key, main, median_ms, timed, value

REPO = os.environ["AIM_REPO"]
# Aim's system-resource and terminal-log tracking are off: the other tools record neither.
RUN_OPTIONS = dict(system_tracking_interval=None, capture_terminal_logs=False, log_system_params=False)


def _repo():
    return Repo.from_path(REPO, init=True)


def _index(repo, run_hashes):
    """Makes closed runs visible to Aim's query API: what `aim up` does in its background indexing thread."""
    manager = RepoIndexManager.get_index_manager(repo)
    for run_hash in run_hashes:
        manager.index(run_hash)
        # Close the run's RocksDB handles (the indexing thread clears the whole pool every few seconds).
        for config in [c for c in repo.container_pool if c.sub == run_hash]:
            del repo.container_pool[config]


def init():
    """Creates the empty repo (so its size can be taken before the ingest)."""
    _repo()
    return {}


def ingest(runs, steps):
    """Run() / track() per value, as users call it / close(), run after run; then indexed (readable)."""
    repo = _repo()
    hashes = []

    def work():
        for r in range(runs):
            run = Run(repo=REPO, experiment="peers-bench", **RUN_OPTIONS)
            run.name = "run-%d" % r
            run["hparams"] = {"seed": r}
            for step in range(steps):
                for i, s in enumerate(SKILLS):
                    run.track(value(r, i, step), name=key(s), step=step)
            run.close()
            hashes.append(run.hash)
    seconds, _ = timed(work)
    index_seconds, _ = timed(lambda: _index(repo, hashes))
    return {"seconds": seconds + index_seconds, "indexSeconds": index_seconds, "values": runs * steps * len(SKILLS)}


def ingest_dict(runs, steps):
    """The same with track({...}, step): one call for the five skills of a step, Aim's only form of batching."""
    repo = _repo()
    hashes = []

    def work():
        for r in range(runs):
            run = Run(repo=REPO, experiment="peers-bench-dict", **RUN_OPTIONS)
            run.name = "dict-%d" % r
            for step in range(steps):
                run.track({key(s): value(r, i, step) for i, s in enumerate(SKILLS)}, step=step)
            run.close()
            hashes.append(run.hash)
    seconds, _ = timed(work)
    index_seconds, _ = timed(lambda: _index(repo, hashes))
    return {"seconds": seconds + index_seconds, "indexSeconds": index_seconds, "values": runs * steps * len(SKILLS)}


def series(points):
    repo = _repo()

    def work():
        run = Run(repo=REPO, experiment="peers-bench", **RUN_OPTIONS)
        run.name = "chart-series"
        for step in range(points):
            run.track(chart_value(step), name=CHART_KEY, step=step)
        run.close()
        _index(repo, [run.hash])
        return run.hash
    seconds, run_hash = timed(work)
    return {"seconds": seconds, "values": points, "runId": run_hash}


def read(runId, reads):
    """What Aim's metric explorer does per trace: Metric.data.sample(p).numpy(), with p = 1,000 points."""
    repo = _repo()

    def get():
        run = Run(run_hash=runId, repo=repo, read_only=True)
        iters, (values, epochs, timestamps) = run.get_metric(CHART_KEY, Context({})).data.sample(1000).numpy()
        return iters
    ms, iters = median_ms(get, reads)
    return {"ms": ms, "points": len(iters)}


def _create_extra(first_and_count):
    first, count = first_and_count
    hashes = []
    for r in range(first, first + count):
        run = Run(repo=REPO, experiment="peers-bench", **RUN_OPTIONS)
        run.name = "extra-%d" % r
        run.track({key(s): value(r, i, 0) for i, s in enumerate(SKILLS)}, step=0)
        run.close()
        hashes.append(run.hash)
    return hashes


def extra_runs(count, threads=8):
    """Cheap runs for the runs list: Run(), track the five skills at step 0, close(), on a few threads
    (creating an Aim run waits on fsync more than on the CPU; processes contend for the repo's file lock);
    then they are indexed."""
    repo = _repo()

    def work():
        share = -(-count // threads)
        parts = [(t * share, min(share, count - t * share)) for t in range(threads) if t * share < count]
        with ThreadPoolExecutor(len(parts)) as pool:
            hashes = [h for part in pool.map(_create_extra, parts) for h in part]
        _index(repo, hashes)
    seconds, _ = timed(work)
    return {"seconds": seconds}


def list_runs(reads, limit):
    """What Aim's runs explorer streams: every run of the query with its traces' last values (collect_sequence_info)."""
    repo = _repo()

    def search():
        rows = []
        for collection in repo.query_runs("run.experiment == 'peers-bench'", report_mode=QueryReportMode.DISABLED).iter_runs():
            run = collection.run
            traces = run.collect_sequence_info(sequence_types="metric")["metric"]
            rows.append((run.hash, run.name, {t["name"]: t["values"]["last"] for t in traces}))
            if len(rows) >= limit:
                break
        return rows
    ms, rows = median_ms(search, reads)
    return {"ms": ms, "runs": len(rows), "withValues": sum(1 for r in rows if r[2])}


if __name__ == "__main__":
    main({"init": init, "ingest": ingest, "ingest-dict": ingest_dict, "series": series, "read": read, "extra-runs": extra_runs, "list": list_runs})
