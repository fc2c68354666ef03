"""Server outages, offline mode, the spool format and replaying it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import unittest

import skillboard

from .helpers import BIN, REPO, ServerTestCase, fast_settings, trajectory


def read_lines(path: str) -> list:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class SpoolTest(ServerTestCase):
    def tearDown(self) -> None:
        if self.server.proc is None:  # a test stopped it: bring it back for the next one
            self.server.start(port=self.server.port)
        super().tearDown()

    def assert_exactly_once(self, run_id: str, steps: int) -> None:
        pts = self.server.series(run_id, "train/loss")["train/loss"]
        self.assertEqual([p["step"] for p in pts], list(range(steps)))
        self.assertTrue(all(p["value"] == p["step"] * 0.5 for p in pts))
        trajs = self.server.trajectories(run_id)
        self.assertEqual(sorted(t["taskId"] for t in trajs), sorted("task-%d-0" % s for s in range(steps)))
        logs = self.server.logs(run_id)
        self.assertEqual(sorted(c["text"] for c in logs), sorted("line %d\n" % s for s in range(steps)))

    def log_steps(self, run: skillboard.Run, steps: range) -> None:
        for s in steps:
            run.log({"train/loss": s * 0.5}, step=s)
            run.log_trajectory(trajectory(step=s))
            run.log_text("stdout", "line %d\n" % s)

    def test_server_down_mid_run(self) -> None:
        run = self.init(project="outage")
        self.log_steps(run, range(0, 100))
        self.assertTrue(run.flush(30))
        port = self.server.port
        self.server.stop()

        self.log_steps(run, range(100, 200))  # server down: retried, then spooled
        self.assertTrue(run.flush(30))
        spool = run.spool_folder
        lines = read_lines(os.path.join(spool, "batches.jsonl"))
        self.assertGreaterEqual(len(lines), 3)
        self.assertEqual({line["kind"] for line in lines}, {"metrics", "trajectories", "logs"})
        self.assertFalse(os.path.exists(os.path.join(spool, "synced")))
        with open(os.path.join(spool, "run.json")) as f:
            self.assertEqual(json.load(f)["id"], run.id)

        self.server.start(port=port)
        self.log_steps(run, range(200, 300))
        run.finish()
        self.assert_exactly_once(run.id, 300)
        self.assertEqual(self.server.get("/api/v1/runs/" + run.id)["status"], "succeeded")
        self.assertTrue(os.path.exists(os.path.join(spool, "synced")))
        n = len(read_lines(os.path.join(spool, "batches.jsonl")))
        with open(os.path.join(spool, "sync-offset")) as f:
            self.assertEqual(int(f.read()), n)

    def test_server_down_from_the_start_and_back_during_the_run(self) -> None:
        port = self.server.port
        self.server.stop()
        run = self.init(config={"lr": 0.1}, tags=["offline-start"], settings=fast_settings(drain_interval=0.3))
        self.log_steps(run, range(0, 50))
        self.assertTrue(run.flush(30))
        self.assertTrue(os.path.exists(os.path.join(run.spool_folder, "batches.jsonl")))

        self.server.start(port=port)
        # The uploader notices by itself that the server is back and drains the spool.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not os.path.exists(os.path.join(run.spool_folder, "synced")):
            time.sleep(0.1)
        self.assertTrue(os.path.exists(os.path.join(run.spool_folder, "synced")))
        self.log_steps(run, range(50, 80))
        run.finish()
        info = self.server.get("/api/v1/runs/" + run.id)
        self.assertEqual((info["status"], info["config"], info["tags"]), ("succeeded", {"lr": 0.1}, ["offline-start"]))
        self.assert_exactly_once(run.id, 80)

    def test_offline_mode_then_sync(self) -> None:
        run = self.init(mode="offline", project="offline-proj", name="laptop", config={"seed": 1})
        self.log_steps(run, range(0, 40))
        run.log_eval("terminal_bench", attempt=0, score=0.5, step=39)
        run.finish()

        status, _ = self.server.api("GET", "/api/v1/runs/" + run.id)
        self.assertEqual(status, 404, "offline mode must not talk to the server")
        folder = os.path.join(self.spool, run.id)
        self.assertEqual(folder, run.spool_folder)
        with open(os.path.join(folder, "run.json")) as f:
            self.assertEqual(json.load(f), {"id": run.id, "project": "offline-proj", "name": "laptop", "config": {"seed": 1}})
        lines = read_lines(os.path.join(folder, "batches.jsonl"))
        for line in lines:
            self.assertEqual(set(line), {"kind", "body"})
            if line["kind"] != "finish":
                self.assertRegex(line["body"]["batchId"], r"^[0-9a-f]{32}$")
        self.assertEqual(lines[-1], {"kind": "finish", "body": {"status": "succeeded"}})
        self.assertFalse(os.path.exists(os.path.join(folder, "synced")))

        results = skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)
        self.assertEqual([(r["runId"], r["status"]) for r in results], [(run.id, "synced")])
        self.assertEqual(results[0]["duplicate"], 0)
        self.assert_exactly_once(run.id, 40)
        info = self.server.get("/api/v1/runs/" + run.id)
        self.assertEqual((info["status"], info["project"], info["config"]), ("succeeded", "offline-proj", {"seed": 1}))
        self.assertEqual(self.server.get("/api/v1/runs/%s/evals" % run.id)["benchmarks"]["terminal_bench"][0]["attempts"], 1)
        self.assertTrue(os.path.exists(os.path.join(folder, "synced")))
        with open(os.path.join(folder, "sync-offset")) as f:
            self.assertEqual(int(f.read()), len(lines))

        # Synced runs are skipped.
        again = skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)
        self.assertEqual(again[0]["status"], "skipped")

        # A replay from scratch (marker and offset gone) stores nothing twice.
        os.remove(os.path.join(folder, "synced"))
        os.remove(os.path.join(folder, "sync-offset"))
        replay = skillboard.sync(folder, url=self.server.url, api_key=self.server.key)  # a run folder works too
        self.assertEqual(replay[0]["status"], "synced")
        self.assertEqual(replay[0]["duplicate"], len(lines) - 1)  # every append; finish is an idempotent no-op
        self.assert_exactly_once(run.id, 40)

    def test_partial_upload_resumes_at_the_offset(self) -> None:
        run = self.init(mode="offline")
        self.log_steps(run, range(0, 10))
        run.flush()
        self.log_steps(run, range(10, 20))
        run.finish()
        folder = run.spool_folder
        lines = read_lines(os.path.join(folder, "batches.jsonl"))
        self.assertGreater(len(lines), 4)
        # Pretend a crashed sync acknowledged the first 2 lines but had already sent the first 4.
        client = skillboard._http.Client(self.server.url, self.server.key)
        skillboard._spool.ensure_run(client, {"id": run.id})
        for line in lines[:4]:
            skillboard._spool.deliver(client, run.id, line["kind"], line["body"])
        with open(os.path.join(folder, "sync-offset"), "w") as f:
            f.write("2\n")
        res = skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)[0]
        self.assertEqual((res["duplicate"], res["stored"]), (2, len(lines) - 4))
        self.assert_exactly_once(run.id, 20)

    def test_sync_with_server_down_fails_and_keeps_the_offset(self) -> None:
        run = self.init(mode="offline")
        self.log_steps(run, range(0, 5))
        run.finish()
        port = self.server.port
        self.server.stop()
        with self.assertRaises(skillboard.SkillboardError):
            skillboard.sync(self.spool, url="http://127.0.0.1:%d" % port, api_key=self.server.key, retry_delays=(0.05,))
        self.assertFalse(os.path.exists(os.path.join(run.spool_folder, "synced")))
        self.server.start(port=port)
        skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)
        self.assert_exactly_once(run.id, 5)

    def test_413_splits_with_derived_batch_ids(self) -> None:
        run = self.init()
        run.flush()
        client = skillboard._http.Client(self.server.url, self.server.key)
        body = {"batchId": "big-batch", "points": [{"key": "k", "step": i, "value": 1.0} for i in range(10001)]}
        self.assertEqual(skillboard._spool.deliver(client, run.id, "metrics", body), "stored")
        self.assertEqual(skillboard._spool.deliver(client, run.id, "metrics", body), "duplicate")  # same halves
        run.finish()
        self.assertEqual(len(self.server.series(run.id, "k")["k"]), 10001)

    def test_partial_last_line_is_not_uploaded_and_later_lines_stay_whole(self) -> None:
        run = self.init(mode="offline")
        self.log_steps(run, range(0, 3))
        run.flush()
        folder = run.spool_folder
        with open(os.path.join(folder, "batches.jsonl"), "a") as f:
            f.write('{"kind": "logs", "body": {"batchId": "cut-off", "chu')  # a crash mid-write
        with open(os.path.join(folder, "batches.jsonl")) as f:
            n = len(f.read().splitlines())
        res = skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)[0]
        self.assertEqual((res["stored"], res["dropped"]), (n - 1, 0))
        # A later process appending to the same run ends the partial line first.
        again = self.init(id=run.id, mode="offline")
        self.log_steps(again, range(3, 6))
        again.finish()
        res = skillboard.sync(self.spool, url=self.server.url, api_key=self.server.key)[0]
        self.assertEqual(res["dropped"], 1)  # the cut-off line, now complete but not JSON
        self.assert_exactly_once(run.id, 6)

    @unittest.skipUnless(os.path.exists(os.path.join(REPO, "sdk", "ts", "src", "sync.ts")), "the TS sync is not there yet")
    def test_cli_sync_reads_the_python_spool(self) -> None:
        run = self.init(mode="offline", project="cli-proj")
        self.log_steps(run, range(0, 15))
        run.finish()
        out = subprocess.run([BIN, "sync", self.spool, "--url", self.server.url, "--api-key", self.server.key],
                             capture_output=True, text=True, timeout=120, cwd=REPO)
        self.assertEqual(out.returncode, 0, out.stdout + out.stderr)
        self.assert_exactly_once(run.id, 15)
        self.assertEqual(self.server.get("/api/v1/runs/" + run.id)["status"], "succeeded")
        self.assertTrue(os.path.exists(os.path.join(run.spool_folder, "synced")))


if __name__ == "__main__":
    unittest.main()
