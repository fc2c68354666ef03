"""Logging to a running server and reading it back over REST."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import unittest
import warnings

import skillboard
from skillboard import _http, _run, _spool

from .helpers import ServerTestCase, trajectory

SDK_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


class OnlineTest(ServerTestCase):
    def test_log_metrics_evals_trajectories_and_read_back(self) -> None:
        run = self.init(project="atomic", name="joint-rl", group="ablation-1", config={"lr": 1e-6, "skills": ["editing"]},
                        tags=["joint", "seed0"])
        self.assertRegex(run.id, r"^[0-9a-z]{8}$")
        for step in range(10):
            skillboard.log({"skill/editing/pass@1": step / 10, "train": {"kl": 0.01 * step}}, step=step)
        skillboard.log({"train/entropy": 2.0})  # no step: one past the last one
        for attempt, score in enumerate([1.0, 0.0, 1.0]):
            skillboard.log_eval("swe_verified", attempt=attempt, score=score, step=100)
        for i in range(3):
            skillboard.log_trajectory(trajectory(step=5, i=i))
        skillboard.log_text("stdout", "hello from the trainer\n")
        skillboard.finish()
        self.assertIsNone(skillboard.get_run())

        info = self.server.get("/api/v1/runs/" + run.id)
        self.assertEqual(info["status"], "succeeded")
        self.assertEqual((info["project"], info["name"], info["group"]), ("atomic", "joint-rl", "ablation-1"))
        self.assertEqual(info["config"], {"lr": 1e-6, "skills": ["editing"]})
        self.assertEqual(info["tags"], ["joint", "seed0"])

        s = self.server.series(run.id, "skill/editing/pass@1", "train/kl", "train/entropy")
        self.assertEqual([p["step"] for p in s["skill/editing/pass@1"]], list(range(10)))
        self.assertAlmostEqual(s["skill/editing/pass@1"][7]["value"], 0.7)
        self.assertAlmostEqual(s["train/kl"][3]["value"], 0.03)
        self.assertEqual([(p["step"], p["value"]) for p in s["train/entropy"]], [(10, 2.0)])
        self.assertIsInstance(s["train/kl"][0]["wallTime"], float)

        evals = self.server.get("/api/v1/runs/%s/evals" % run.id)["benchmarks"]["swe_verified"]
        self.assertEqual(len(evals), 1)
        self.assertEqual(evals[0]["step"], 100)
        self.assertEqual(evals[0]["attempts"], 3)
        self.assertAlmostEqual(evals[0]["avg"], 2 / 3)

        trajs = self.server.trajectories(run.id)
        self.assertEqual(sorted(t["taskId"] for t in trajs), ["task-5-0", "task-5-1", "task-5-2"])
        self.assertEqual(sorted(t["passed"] for t in trajs), [False, True, True])
        self.assertEqual({t["step"] for t in trajs}, {5})
        logs = self.server.logs(run.id)
        self.assertEqual([c["text"] for c in logs], ["hello from the trainer\n"])
        # Online and never unreachable: nothing was written to the spool.
        self.assertEqual(os.listdir(self.spool), [])

    def test_attach_via_env(self) -> None:
        status, created = self.server.api("POST", "/api/v1/runs", {"id": "worker-run-0001", "project": "proj-x", "name": "launched"})
        self.assertEqual(status, 201, created)
        os.environ.update(SKILLBOARD_RUN_ID="worker-run-0001", SKILLBOARD_URL=self.server.url,
                          SKILLBOARD_API_KEY=self.server.key, SKILLBOARD_SPOOL_DIR=self.spool)
        run = skillboard.init(settings=_run.Settings(flush_interval=0.2))
        self.assertEqual(run.id, "worker-run-0001")
        self.assertTrue(run.attached)
        self.assertEqual((run.project, run.name), ("proj-x", "launched"))
        skillboard.log({"train/loss": 1.5}, step=3)
        self.assertTrue(skillboard.flush(10))
        self.assertEqual(self.server.series("worker-run-0001", "train/loss")["train/loss"][0]["value"], 1.5)
        skillboard.finish("succeeded")
        self.assertEqual(self.server.get("/api/v1/runs/worker-run-0001")["status"], "succeeded")

    def test_background_batching_does_not_block(self) -> None:
        run = self.init(settings=_run.Settings(flush_interval=0.5))
        self.assertTrue(run.flush(30))  # the run exists on the server
        # The server is frozen (SIGSTOP: connections are accepted, nothing answers). log() only enqueues,
        # so 20,000 calls end while it is frozen; a log() that waited on the network would hang here.
        os.kill(self.server.proc.pid, signal.SIGSTOP)
        try:
            logger = threading.Thread(target=lambda: [run.log({"perf/tokens_per_s": float(step)}, step=step) for step in range(20000)])
            logger.start()
            logger.join(120)
            self.assertFalse(logger.is_alive(), "log() blocked while the server did not answer")
        finally:
            os.kill(self.server.proc.pid, signal.SIGCONT)
        run.finish()
        pts = self.server.series(run.id, "perf/tokens_per_s")["perf/tokens_per_s"]
        self.assertEqual(len(pts), 20000)
        self.assertEqual([p["step"] for p in pts], list(range(20000)))
        self.assertTrue(all(p["value"] == p["step"] for p in pts))

    def test_batches_stay_within_server_limits(self) -> None:
        run = self.init(mode="offline")
        with run._lock:
            run._steps = [{"step": i, "values": {"k": 1.0}} for i in range(24000)] + [{"step": 24000, "values": {"k%d" % k: 1.0 for k in range(1000)}}]
            run._evals = [{"benchmark": "b", "attempt": i, "score": 1.0, "step": 0} for i in range(10001)]
            run._trajectories = [({"i": i}, 10) for i in range(2500)] + [({"big": 1}, 5 * 1024 * 1024)] * 3
            reqs = run._cut()
        sizes = [(k, sum(len(s["values"]) for s in b["steps"]) if k == "metrics" else len(b.get("evals") or b.get("trajectories") or [])) for k, b in reqs]
        self.assertEqual(sizes, [("metrics", 10000), ("metrics", 10000), ("metrics", 5000), ("evals", 10000), ("evals", 1),
                                 ("trajectories", 1000), ("trajectories", 1000), ("trajectories", 501),
                                 ("trajectories", 1), ("trajectories", 1)])
        self.assertEqual(len({b["batchId"] for _, b in reqs}), len(reqs))
        run.finish()

    def test_nan_and_non_numbers_are_dropped_with_a_warning(self) -> None:
        run = self.init()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run.log({"train/loss": float("nan"), "train/kl": 0.1}, step=0)
            run.log({"train/loss": float("inf")}, step=1)
            run.log({"train/loss": 0.5, "note": "text"}, step=2)
            run.log_eval("swe_verified", attempt=0, score=float("nan"), step=2)
            run.log_trajectory(trajectory(step=2, reward=float("nan")))
            run.log_trajectory(trajectory(step=2, i=1, advantage=float("-inf")))
        msgs = [str(w.message) for w in caught if issubclass(w.category, skillboard.SkillboardWarning)]
        self.assertEqual(len(msgs), 6, msgs)
        self.assertIn("nan", msgs[0])
        run.finish()
        s = self.server.series(run.id, "train/loss", "train/kl", "note")
        self.assertEqual([(p["step"], p["value"]) for p in s["train/loss"]], [(2, 0.5)])
        self.assertEqual(len(s["train/kl"]), 1)
        self.assertEqual(s.get("note", []), [])
        self.assertEqual(self.server.get("/api/v1/runs/%s/evals" % run.id)["benchmarks"], {})
        trajs = self.server.trajectories(run.id)
        self.assertEqual([(t["taskId"], t["advantage"]) for t in trajs], [("task-2-1", None)])

    def test_invalid_trajectory_raises_at_once(self) -> None:
        run = self.init()
        with self.assertRaises(ValueError):
            run.log_trajectory({"skill": "editing", "taskId": "t", "reward": 1, "turns": []})  # no `passed`
        with self.assertRaises(ValueError):
            run.log_trajectory(trajectory(step=1, turns=[{"content": "no role"}]))
        run.finish()

    def test_wrong_api_key_fails_at_init(self) -> None:
        with self.assertRaises(skillboard.AuthFailed):
            self.init(api_key="not-the-key")
        self.assertIsNone(skillboard.get_run())

    def test_rejected_batch_is_reported_and_dropped(self) -> None:
        client = _http.Client(self.server.url, self.server.key)
        with self.assertLogs("skillboard", logging.WARNING) as logs:
            outcome = _spool.deliver(client, "no-such-run", "metrics",
                                     {"batchId": "b1", "points": [{"key": "k", "step": 0, "value": 1.0}]}, (0.01,))
        self.assertEqual(outcome, "dropped")
        self.assertIn("does not exist", logs.output[0])
        self.assertIn("no-such-run", logs.output[0])

    def test_retried_batch_is_stored_once(self) -> None:
        run = self.init()
        run.flush()
        client = _http.Client(self.server.url, self.server.key)
        body = {"batchId": "fixed-batch-1", "trajectories": [trajectory(step=1)]}
        self.assertEqual(_spool.deliver(client, run.id, "trajectories", body), "stored")
        self.assertEqual(_spool.deliver(client, run.id, "trajectories", body), "duplicate")
        run.finish()
        self.assertEqual(len(self.server.trajectories(run.id)), 1)

    def _script(self, code: str, **env: str) -> subprocess.CompletedProcess:
        full = dict(os.environ, SKILLBOARD_URL=self.server.url, SKILLBOARD_API_KEY=self.server.key,
                    SKILLBOARD_SPOOL_DIR=self.spool, PYTHONPATH=SDK_DIR, **env)
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=full, capture_output=True, text=True, timeout=60)

    def test_process_exit_finishes_the_run(self) -> None:
        ok = self._script("""
            import skillboard
            run = skillboard.init(id="exit-ok-run1")
            skillboard.log({"a": 1.0}, step=0)
        """)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertEqual(self.server.get("/api/v1/runs/exit-ok-run1")["status"], "succeeded")
        self.assertEqual(len(self.server.series("exit-ok-run1", "a")["a"]), 1)

        crash = self._script("""
            import skillboard
            skillboard.init(id="exit-crash-run1")
            skillboard.log({"a": 1.0}, step=0)
            raise RuntimeError("boom")
        """)
        self.assertNotEqual(crash.returncode, 0)
        info = self.server.get("/api/v1/runs/exit-crash-run1")
        self.assertEqual(info["status"], "failed")
        self.assertIn("boom", info["error"] or "")
        self.assertEqual(len(self.server.series("exit-crash-run1", "a")["a"]), 1)

        # Attached (a worker launched the process): data is flushed, the worker records the status.
        self.server.api("POST", "/api/v1/runs", {"id": "exit-attached1"})
        attached = self._script("""
            import skillboard
            skillboard.init()
            skillboard.log({"a": 2.0}, step=0)
        """, SKILLBOARD_RUN_ID="exit-attached1")
        self.assertEqual(attached.returncode, 0, attached.stderr)
        self.assertEqual(self.server.get("/api/v1/runs/exit-attached1")["status"], "running")
        self.assertEqual(self.server.series("exit-attached1", "a")["a"][0]["value"], 2.0)

        # Managed (SKILLBOARD_MANAGED=1): even an explicit finish() and a finish_on_exit run only flush.
        self.server.api("POST", "/api/v1/runs", {"id": "exit-managed1"})
        managed = self._script("""
            import skillboard
            run = skillboard.init(settings=skillboard.Settings(finish_on_exit=True))
            assert run.managed
            skillboard.log({"a": 3.0}, step=0)
            run.finish("failed", exit_code=2)
        """, SKILLBOARD_RUN_ID="exit-managed1", SKILLBOARD_MANAGED="1")
        self.assertEqual(managed.returncode, 0, managed.stderr)
        self.assertEqual(self.server.get("/api/v1/runs/exit-managed1")["status"], "running")
        self.assertEqual(self.server.series("exit-managed1", "a")["a"][0]["value"], 3.0)


if __name__ == "__main__":
    unittest.main()
