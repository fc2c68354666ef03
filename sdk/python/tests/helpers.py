"""Starts a real Skillboard server (bin/skillboard server --api-only) for the tests."""

from __future__ import annotations

import json
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Optional, Tuple

import skillboard

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN = os.path.join(REPO, "bin", "skillboard")
LISTENING = re.compile(r"listening on http://[^:\s]+:(\d+)")


def fast_settings(**kw: Any) -> skillboard.Settings:
    opts = dict(flush_interval=0.2, retry_delays=(0.05, 0.1), drain_interval=0.5, timeout=5.0,
                init_timeout=3.0, finish_timeout=60.0)
    opts.update(kw)
    return skillboard.Settings(**opts)


class Server(object):
    def __init__(self, data_dir: str, key: str) -> None:
        self.data_dir = data_dir
        self.key = key
        self.port: Optional[int] = None
        self.proc: Optional[subprocess.Popen] = None
        self.output: list = []

    @property
    def url(self) -> str:
        return "http://127.0.0.1:%d" % self.port

    def start(self, port: int = 0, timeout: float = 60.0) -> None:
        env = dict(os.environ, SKILLBOARD_API_KEY=self.key)
        for k in ("SKILLBOARD_RUN_ID", "SKILLBOARD_MODE"):
            env.pop(k, None)
        deadline = time.monotonic() + timeout
        while True:  # the old process may still hold the port for a moment after it exits
            self.proc = subprocess.Popen(
                [BIN, "server", "--api-only", "--host", "127.0.0.1", "--port", str(port), "--data-dir", self.data_dir],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True, cwd=REPO,
            )
            lines: "queue.Queue[Optional[str]]" = queue.Queue()

            def pump(stream: Any = self.proc.stdout) -> None:
                for line in stream:
                    self.output.append(line)
                    lines.put(line)
                lines.put(None)

            threading.Thread(target=pump, daemon=True).start()
            while True:
                try:
                    line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
                except queue.Empty:
                    self.stop()
                    raise RuntimeError("server did not start:\n" + "".join(self.output[-30:]))
                if line is None:
                    break  # exited
                m = LISTENING.search(line)
                if m:
                    self.port = int(m.group(1))
                    return
            self.proc.wait()
            if time.monotonic() > deadline or not port:
                raise RuntimeError("server exited:\n" + "".join(self.output[-30:]))
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None

    def api(self, method: str, path: str, body: Any = None) -> Tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def get(self, path: str, **query: Any) -> Any:
        if query:
            path += "?" + urllib.parse.urlencode(query)
        status, data = self.api("GET", path)
        if status != 200:
            raise AssertionError("GET %s -> %d %s" % (path, status, data))
        return data

    # -- read-backs ----------------------------------------------------------------------------
    def series(self, run_id: str, *keys: str) -> Dict[str, list]:
        return self.get("/api/v1/runs/%s/metrics" % run_id, keys=",".join(keys), maxPoints=100000)["series"]

    def trajectories(self, run_id: str) -> list:
        out, cursor = [], None
        while True:
            q: Dict[str, Any] = {"limit": 1000}
            if cursor:
                q["cursor"] = cursor
            page = self.get("/api/v1/runs/%s/trajectories" % run_id, **q)
            out.extend(page["trajectories"])
            cursor = page.get("nextCursor")
            if not cursor:
                return out

    def logs(self, run_id: str) -> list:
        return self.get("/api/v1/runs/%s/logs" % run_id, limit=10000)["chunks"]


class ServerTestCase(unittest.TestCase):
    """One server per test class: a fresh data dir and a random API key."""

    server: Server
    tmp: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.mkdtemp(prefix="skillboard-py-")
        cls.server = Server(os.path.join(cls.tmp, "data"), "sk-test-" + secrets.token_hex(12))
        cls.server.start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self) -> None:
        self.spool = tempfile.mkdtemp(prefix="spool-", dir=self.tmp)
        self._env = dict(os.environ)
        for k in list(os.environ):
            if k.startswith("SKILLBOARD_"):
                del os.environ[k]

    def tearDown(self) -> None:
        run = skillboard.get_run()
        if run is not None:
            run.finish()
        os.environ.clear()
        os.environ.update(self._env)

    def init(self, **kw: Any) -> skillboard.Run:
        kw.setdefault("url", self.server.url)
        kw.setdefault("api_key", self.server.key)
        kw.setdefault("spool_dir", self.spool)
        kw.setdefault("settings", fast_settings())
        return skillboard.init(**kw)


def trajectory(step: int, i: int = 0, **extra: Any) -> Dict[str, Any]:
    t = {
        "skill": "editing", "taskId": "task-%d-%d" % (step, i), "step": step, "groupKey": "g%d" % step,
        "sampleIndex": i, "reward": 1.0 if i % 2 == 0 else 0.0, "passed": i % 2 == 0, "advantage": 0.5,
        "turns": [
            {"role": "user", "content": "fix the bug"},
            {"role": "assistant", "content": "", "toolCalls": [{"name": "edit", "arguments": {"path": "a.py"}}],
             "tokens": 12, "durationMs": 3.5},
            {"role": "tool", "content": "ok", "observation": "tests pass"},
        ],
        "verifier": {"tests": 3}, "metadata": {"seed": i},
    }
    t.update(extra)
    return t
