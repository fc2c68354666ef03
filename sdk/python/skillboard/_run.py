"""The Run: validates what the trainer logs, batches it on a background thread, uploads it, and
spools it to disk while the server is unreachable."""

from __future__ import annotations

import atexit
import json
import logging
import math
import os
import random
import re
import secrets
import sys
import threading
import time
import traceback
import warnings
import weakref
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ._http import Client, Unreachable, dumps, run_path
from ._spool import (
    DEFAULT_RETRY_DELAYS,
    AuthFailed,
    SkillboardError,
    SpoolRun,
    default_spool_dir,
    deliver,
    ensure_run,
    new_batch_id,
    upload_spool_run,
)

logger = logging.getLogger("skillboard")

RUN_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")
_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_STEP = 2 ** 53 - 1
# Server limits per request (REST v1).
MAX_POINTS_PER_BATCH = 10000
MAX_EVALS_PER_BATCH = 10000
MAX_TRAJECTORIES_PER_BATCH = 1000
MAX_LOG_CHUNKS_PER_BATCH = 10000
MAX_TRAJECTORY_BATCH_BYTES = 8 << 20
MAX_LOG_BATCH_BYTES = 4 << 20
LOG_CHUNK_CHARS = 1 << 20  # longer log texts are cut into pieces of this many characters
FINISH_STATUSES = ("succeeded", "failed", "canceled")


class SkillboardWarning(UserWarning):
    """Something the trainer logged was dropped (NaN/Infinity, not a number, bad key …)."""


class Settings(object):
    """Tuning knobs; the defaults suit training jobs, tests shorten them."""

    def __init__(
        self,
        flush_interval: float = 1.0,
        flush_points: int = 5000,
        drain_interval: float = 10.0,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        timeout: float = 30.0,
        init_timeout: float = 10.0,
        finish_timeout: float = 600.0,
        finish_on_exit: Optional[bool] = None,
    ) -> None:
        self.flush_interval = flush_interval  # seconds between background flushes
        self.flush_points = flush_points  # flush early once this many metric points are pending
        self.drain_interval = drain_interval  # seconds between attempts to upload the spool while spooling
        self.retry_delays = tuple(retry_delays)  # backoff before each retry of a request
        self.timeout = timeout  # per HTTP request
        self.init_timeout = init_timeout  # for the create/attach request in init()
        self.finish_timeout = finish_timeout  # longest finish() waits for the uploader
        # Finish the run at process exit; default: yes for a run this process created, no (flush only)
        # for one attached via SKILLBOARD_RUN_ID, whose launcher records the status from the exit code.
        self.finish_on_exit = finish_on_exit


def new_run_id() -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))


def _warn(msg: str) -> None:
    warnings.warn(msg, SkillboardWarning, stacklevel=4)


def _to_float(v: Any) -> float:
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if v is None or isinstance(v, (str, bytes, Mapping, list, tuple)):
        raise TypeError(type(v).__name__)
    if hasattr(v, "item"):  # numpy / torch / jax scalars
        v = v.item()
    return float(v)


def _check_step(step: Any, what: str = "step") -> int:
    if isinstance(step, bool) or not isinstance(step, int):
        if hasattr(step, "item") and not isinstance(step, (str, bytes)):
            step = step.item()
        if isinstance(step, float) and step.is_integer():
            step = int(step)
        if isinstance(step, bool) or not isinstance(step, int):
            raise TypeError("skillboard: %s must be an integer, got %r" % (what, step))
    if step < 0 or step > MAX_STEP:
        raise ValueError("skillboard: %s must be >= 0, got %d" % (what, step))
    return step


def _flatten(data: Mapping, prefix: str, out: Dict[str, Any]) -> None:
    for k, v in data.items():
        key = prefix + str(k)
        if isinstance(v, Mapping):
            _flatten(v, key + "/", out)
        else:
            out[key] = v


def _drop_non_finite(obj: Any, found: List[str], path: str = "") -> Any:
    """A copy without NaN/Infinity: dict entries holding one are removed, list items become None."""
    if isinstance(obj, float) and not math.isfinite(obj):
        found.append(path or "value")
        return None
    if isinstance(obj, Mapping):
        out = {}
        for k, v in obj.items():
            sub = "%s.%s" % (path, k) if path else str(k)
            if isinstance(v, float) and not math.isfinite(v):
                found.append(sub)
                continue
            out[str(k)] = _drop_non_finite(v, found, sub)
        return out
    if isinstance(obj, (list, tuple)):
        return [_drop_non_finite(v, found, "%s[%d]" % (path, i)) for i, v in enumerate(obj)]
    return obj


def _jsonable(obj: Any) -> Any:
    """Config values as JSON: objects the json module cannot encode become strings."""
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else str(obj)
    if isinstance(obj, Mapping):
        return dict((str(k), _jsonable(v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, (bytes, bytearray)):
        try:
            return _jsonable(obj.item())
        except Exception:
            pass
    return str(obj)


def _config_dict(config: Any) -> Optional[Dict[str, Any]]:
    if config is None:
        return None
    if not isinstance(config, Mapping):
        if hasattr(config, "__dataclass_fields__"):
            import dataclasses

            config = dataclasses.asdict(config)
        elif hasattr(config, "__dict__"):  # argparse.Namespace and plain objects
            config = dict((k, v) for k, v in vars(config).items() if not k.startswith("_"))
        else:
            raise TypeError("skillboard: config must be a dict (or a dataclass / argparse.Namespace)")
    return _jsonable(config)


def _validate_trajectory(t: Dict[str, Any], default_step: int) -> None:
    def bad(msg: str) -> None:
        raise ValueError("skillboard: invalid trajectory: " + msg)

    if not isinstance(t.get("skill"), str) or not 0 < len(t["skill"]) <= 200:
        bad("'skill' must be a non-empty string (<= 200 chars)")
    if isinstance(t.get("taskId"), int) and not isinstance(t.get("taskId"), bool):
        t["taskId"] = str(t["taskId"])
    if not isinstance(t.get("taskId"), str) or not 0 < len(t["taskId"]) <= 500:
        bad("'taskId' must be a non-empty string (<= 500 chars)")
    t["step"] = _check_step(t["step"], "trajectory step") if t.get("step") is not None else default_step
    if isinstance(t.get("reward"), bool) or not isinstance(t.get("reward"), (int, float)):
        bad("'reward' must be a number")
    if t.get("passed") in (0, 1) and not isinstance(t.get("passed"), bool):
        t["passed"] = bool(t["passed"])
    if "passed" not in t or not (t["passed"] is None or isinstance(t["passed"], bool)):
        bad("'passed' must be true, false or None (outcome unknown)")
    if t.get("groupKey") is not None and not isinstance(t["groupKey"], str):
        t["groupKey"] = str(t["groupKey"])
    si = t.get("sampleIndex")
    if si is not None and (isinstance(si, bool) or not isinstance(si, int) or si < 0):
        bad("'sampleIndex' must be an integer >= 0")
    adv = t.get("advantage")
    if adv is not None and (isinstance(adv, bool) or not isinstance(adv, (int, float))):
        bad("'advantage' must be a number")
    turns = t.get("turns")
    if not isinstance(turns, list):
        bad("'turns' must be a list of {role, content, ...}")
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict) or not isinstance(turn.get("role"), str) or not turn["role"]:
            bad("turns[%d] must be an object with a non-empty 'role'" % i)
        tok = turn.get("tokens")
        if tok is not None and (isinstance(tok, bool) or not isinstance(tok, int) or tok < 0):
            bad("turns[%d].tokens must be an integer >= 0" % i)
        for key in ("tokens", "durationMs", "toolCalls"):
            if key in turn and turn[key] is None:
                del turn[key]
        calls = turn.get("toolCalls")
        if calls is not None:
            if not isinstance(calls, list) or not all(isinstance(c, dict) and isinstance(c.get("name"), str) for c in calls):
                bad("turns[%d].toolCalls must be a list of {name, arguments}" % i)
    for key in ("verifier", "metadata"):
        if t.get(key) is None:
            t[key] = {}
        elif not isinstance(t[key], dict):
            bad("'%s' must be an object" % key)


class Run(object):
    """One Skillboard run. `skillboard.init()` creates one and makes it the global run."""

    def __init__(
        self,
        project: Optional[str] = None,
        name: Optional[str] = None,
        group: Optional[str] = None,
        config: Any = None,
        tags: Optional[Sequence[str]] = None,
        id: Optional[str] = None,
        url: Optional[str] = None,
        api_key: Optional[str] = None,
        mode: Optional[str] = None,
        spool_dir: Optional[str] = None,
        settings: Optional[Settings] = None,
    ) -> None:
        env = os.environ
        self.settings = settings or Settings()
        self.url = (url or env.get("SKILLBOARD_URL") or "http://localhost:3000").rstrip("/")
        self.mode = (mode or env.get("SKILLBOARD_MODE") or "online").strip().lower()
        if self.mode not in ("online", "offline"):
            raise ValueError("skillboard: SKILLBOARD_MODE must be 'online' or 'offline', got %r" % self.mode)
        self.spool_dir = os.path.abspath(spool_dir or default_spool_dir())
        attach_id = env.get("SKILLBOARD_RUN_ID") or None
        self.attached = attach_id is not None and id is None
        # A worker (or wrapper) owns the run's lifecycle and reports the status from the exit code:
        # finish() and the exit hook only flush and never send /finish.
        self.managed = env.get("SKILLBOARD_MANAGED") == "1"
        self.id = id or attach_id or new_run_id()
        if not RUN_ID_RE.match(self.id):
            raise ValueError("skillboard: run id %r must match %s" % (self.id, RUN_ID_RE.pattern))
        self.project, self.name, self.group = project, name, group
        self.config = _config_dict(config)
        if tags is not None:
            tags = [str(t) for t in tags]
        self.tags = tags
        self._create_body = dict(
            (k, v)
            for k, v in (("id", self.id), ("project", project), ("name", name), ("group", group),
                         ("config", self.config), ("tags", tags))
            if v is not None
        )
        self._spool = SpoolRun.for_run(self.spool_dir, self.id)
        self._client = Client(self.url, api_key if api_key is not None else env.get("SKILLBOARD_API_KEY"),
                              timeout=self.settings.timeout)

        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._wake = threading.Event()
        # Logged steps as sent ({"step", "wallTime", "values": {key: value}}), and how many values they hold.
        self._steps: List[Dict[str, Any]] = []
        self._pending_values = 0
        self._evals: List[Dict[str, Any]] = []
        self._trajectories: List[Tuple[Dict[str, Any], int]] = []
        self._logs: List[Dict[str, Any]] = []
        self._next_step = 0
        self._finished = False
        self._finish_body: Optional[Dict[str, Any]] = None
        self._flush_requested = 0
        self._flush_done = 0
        # Uploader-thread state.
        self._spooling = self.mode == "offline"
        self._needs_create = False
        self._last_drain = 0.0
        self.info: Dict[str, Any] = {}

        if self.mode == "offline":
            self._spool.ensure(self._create_body)
        else:
            self._connect()
        self._thread = threading.Thread(target=self._loop, name="skillboard-uploader-" + self.id, daemon=True)
        self._thread.start()
        _active_runs.add(self)
        _install_exit_hooks()

    # -- setup -------------------------------------------------------------------------------
    def _connect(self) -> None:
        """Creates the run (or checks the attached one); an unreachable server starts spooling."""
        quick = Client(self._client.base, self._client.api_key, timeout=self.settings.init_timeout)
        try:
            if self.attached:
                res = quick.get(run_path(self.id))
                if res.status in (401, 403):
                    raise AuthFailed("Skillboard server %s refused the API key (HTTP %d): %s" % (self.url, res.status, res.message))
                if res.status == 404:
                    logger.warning("skillboard: SKILLBOARD_RUN_ID=%s does not exist on %s; creating it.", self.id, self.url)
                    self.info = ensure_run(quick, self._create_body, retry_delays=())
                elif res.ok and isinstance(res.data, dict):
                    self.info = res.data
                else:
                    raise Unreachable("HTTP %d: %s" % (res.status, res.message))
                # Should this run ever be spooled, sync must re-create it as it is.
                self._create_body = dict(
                    (k, self.info.get(k)) for k in ("id", "project", "name", "group", "config", "tags")
                    if self.info.get(k) is not None
                ) or self._create_body
            else:
                self.info = ensure_run(quick, self._create_body, retry_delays=())
        except Unreachable as e:
            logger.warning(
                "skillboard: server %s is unreachable (%s); run %s is spooled to %s and uploaded when it is back.",
                self.url, e, self.id, self._spool.folder,
            )
            self._spool.ensure(self._create_body)
            self._spooling = True
            self._needs_create = True
            self._last_drain = time.monotonic()
            return
        for k in ("project", "name", "group", "tags"):
            if self.info.get(k) is not None:
                setattr(self, k, self.info[k])

    # -- logging API -------------------------------------------------------------------------
    def _step(self, step: Any) -> int:
        if step is None:
            step = self._next_step
            self._next_step += 1
            return step
        step = _check_step(step)
        self._next_step = max(self._next_step, step + 1)
        return step

    def _current_step(self) -> int:
        return max(self._next_step - 1, 0)

    def _check_open(self) -> None:
        if self._finished:
            raise RuntimeError("skillboard: run %s is finished; call skillboard.init() for a new run" % self.id)

    def log(self, data: Mapping[str, Any], step: Optional[int] = None) -> None:
        """Logs scalar metrics at `step` (default: one past the last step). Never blocks on the network.

        Nested dicts are flattened with '/': {"train": {"kl": 0.1}} logs "train/kl".
        NaN/Infinity and non-numbers are dropped with a SkillboardWarning.
        """
        if not isinstance(data, Mapping):
            raise TypeError("skillboard.log() takes a dict of {key: number}")
        self._check_open()
        with self._lock:
            step = self._step(step)
        flat: Dict[str, Any] = {}
        _flatten(data, "", flat)
        now = time.time()
        values: Dict[str, float] = {}
        for key, value in flat.items():
            if not key or len(key) > 256:
                _warn("skillboard: metric key %r must be 1-256 characters; dropped." % key)
                continue
            try:
                f = _to_float(value)
            except (TypeError, ValueError, OverflowError):
                _warn("skillboard: metric %r is not a number (%s); dropped." % (key, type(value).__name__))
                continue
            if not math.isfinite(f):
                _warn("skillboard: metric %r is %r (NaN/Infinity are not stored); dropped." % (key, f))
                continue
            values[key] = f
        if not values:
            return
        with self._lock:
            self._check_open()
            self._steps.append({"step": step, "wallTime": now, "values": values})
            self._pending_values += len(values)
            pending = self._pending_values
        if pending >= self.settings.flush_points:
            self._wake.set()

    def log_eval(self, benchmark: str, attempt: int, score: float, step: Optional[int] = None) -> None:
        """Records one scored attempt (e.g. attempt 0..2 for Avg@3) of `benchmark` at `step`."""
        if not isinstance(benchmark, str) or not 0 < len(benchmark) <= 200:
            raise ValueError("skillboard: benchmark must be a non-empty string (<= 200 chars)")
        attempt = _check_step(attempt, "attempt")
        step = self._current_step() if step is None else _check_step(step)
        self._check_open()
        try:
            s = _to_float(score)
        except (TypeError, ValueError, OverflowError):
            raise TypeError("skillboard: eval score must be a number, got %r" % (score,))
        if not math.isfinite(s):
            _warn("skillboard: eval score of %r attempt %d is %r (NaN/Infinity are not stored); dropped." % (benchmark, attempt, s))
            return
        with self._lock:
            self._check_open()
            self._evals.append({"benchmark": benchmark, "attempt": attempt, "score": s, "step": step, "wallTime": time.time()})

    def log_trajectory(self, trajectory: Mapping[str, Any]) -> None:
        """Logs one agent episode (the trajectory JSON of ARCHITECTURE.md):
        {skill, taskId, step, groupKey?, sampleIndex?, reward, passed, advantage?,
         turns: [{role, content, toolCalls?, observation?, tokens?, durationMs?}], verifier, metadata}.
        `step` defaults to the current step; the object is copied, so it may be reused afterwards."""
        if not isinstance(trajectory, Mapping):
            raise TypeError("skillboard.log_trajectory() takes a dict")
        self._check_open()
        found: List[str] = []
        t = _drop_non_finite(trajectory, found)
        if "reward" in found:
            _warn("skillboard: trajectory reward is NaN/Infinity; trajectory dropped.")
            return
        if found:
            _warn("skillboard: removed NaN/Infinity from trajectory fields %s." % ", ".join(found[:5]))
        _validate_trajectory(t, self._current_step())
        try:
            text = dumps(t)
        except (TypeError, ValueError) as e:
            raise TypeError("skillboard: trajectory is not JSON-serialisable: %s" % e)
        t = json.loads(text)
        with self._lock:
            self._check_open()
            self._trajectories.append((t, len(text)))

    def log_text(self, stream: str, text: str) -> None:
        """Appends console output to the run's log; `stream` is "stdout" or "stderr"."""
        if stream not in ("stdout", "stderr"):
            raise ValueError("skillboard: stream must be 'stdout' or 'stderr'")
        text = str(text)
        if not text:
            return
        self._check_open()
        pieces = [text[i:i + LOG_CHUNK_CHARS] for i in range(0, len(text), LOG_CHUNK_CHARS)]
        with self._lock:
            self._check_open()
            self._logs.extend({"stream": stream, "text": p} for p in pieces)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Blocks until everything logged so far was uploaded or spooled; False on timeout."""
        if self._finished:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        with self._cond:
            self._flush_requested += 1
            target = self._flush_requested
            self._wake.set()
            return self._cond.wait_for(lambda: self._flush_done >= target or not self._thread.is_alive(), timeout)

    def finish(self, status: str = "succeeded", exit_code: Optional[int] = None, error: Optional[str] = None) -> None:
        """Flushes everything, records the final status (not for a managed run: its worker does)
        and stops the uploader. Idempotent."""
        if status not in FINISH_STATUSES:
            raise ValueError("skillboard: status must be one of %s" % ", ".join(FINISH_STATUSES))
        body: Dict[str, Any] = {"status": status}
        if exit_code is not None:
            body["exitCode"] = int(exit_code)
        if error:
            body["error"] = str(error)[-100000:]
        self._close(None if self.managed else body)

    def _close(self, finish_body: Optional[Dict[str, Any]]) -> None:
        with self._lock:
            if self._finished:
                return
            self._finished = True
            self._finish_body = finish_body
        self._wake.set()
        self._thread.join(self.settings.finish_timeout)
        if self._thread.is_alive():
            logger.warning("skillboard: run %s: gave up waiting for the upload after %.0f s.", self.id, self.settings.finish_timeout)
        _active_runs.discard(self)
        global _run
        if _run is self:
            _run = None
        if self.mode == "offline":
            _notice("run %s is saved offline in %s; upload it with: skillboard sync %s"
                    % (self.id, self._spool.folder, self.spool_dir))
        elif self._spooling:
            _notice("the server %s was unreachable; run %s is spooled in %s; upload it with: skillboard sync %s"
                    % (self.url, self.id, self._spool.folder, self.spool_dir))

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.finish("succeeded")
        elif issubclass(exc_type, KeyboardInterrupt):
            self.finish("canceled")
        else:
            self.finish("failed", error="".join(traceback.format_exception(exc_type, exc, tb)))

    def __repr__(self) -> str:
        return "<skillboard.Run %s (%s)>" % (self.id, self.mode)

    @property
    def spool_folder(self) -> str:
        return self._spool.folder

    # -- uploader thread ---------------------------------------------------------------------
    def _cut(self) -> List[Tuple[str, Dict[str, Any]]]:
        """Turns everything pending into requests within the server's per-batch limits (lock held)."""
        reqs: List[Tuple[str, Dict[str, Any]]] = []
        steps, self._steps, self._pending_values = self._steps, [], 0
        for batch in _metric_batches(steps, MAX_POINTS_PER_BATCH):
            reqs.append(("metrics", {"batchId": new_batch_id(), "steps": batch}))
        evs, self._evals = self._evals, []
        for i in range(0, len(evs), MAX_EVALS_PER_BATCH):
            reqs.append(("evals", {"batchId": new_batch_id(), "evals": evs[i:i + MAX_EVALS_PER_BATCH]}))
        trs, self._trajectories = self._trajectories, []
        batch: List[Dict[str, Any]] = []
        size = 0
        for t, n in trs:
            if batch and (len(batch) >= MAX_TRAJECTORIES_PER_BATCH or size + n > MAX_TRAJECTORY_BATCH_BYTES):
                reqs.append(("trajectories", {"batchId": new_batch_id(), "trajectories": batch}))
                batch, size = [], 0
            batch.append(t)
            size += n
        if batch:
            reqs.append(("trajectories", {"batchId": new_batch_id(), "trajectories": batch}))
        logs, self._logs = self._logs, []
        chunks: List[Dict[str, Any]] = []
        size = 0
        for c in logs:
            n = len(c["text"])
            if chunks and (len(chunks) >= MAX_LOG_CHUNKS_PER_BATCH or size + n > MAX_LOG_BATCH_BYTES):
                reqs.append(("logs", {"batchId": new_batch_id(), "chunks": chunks}))
                chunks, size = [], 0
            chunks.append(c)
            size += n
        if chunks:
            reqs.append(("logs", {"batchId": new_batch_id(), "chunks": chunks}))
        return reqs

    def _loop(self) -> None:
        # The first send waits a random part of the interval: trainers started together (a sweep,
        # an array job) then send at different instants instead of all in the same one.
        wait = random.random() * self.settings.flush_interval
        while True:
            self._wake.wait(wait)
            wait = self.settings.flush_interval
            self._wake.clear()
            with self._lock:
                stopping = self._finished
                finish_body = self._finish_body
                flush_target = self._flush_requested
                reqs = self._cut()
            if stopping and finish_body is not None:
                reqs.append(("finish", finish_body))
            try:
                self._dispatch(reqs)
                if self._spooling and self.mode == "online":
                    if stopping:
                        self._drain(self.settings.retry_delays[:2])
                    elif time.monotonic() - self._last_drain >= self.settings.drain_interval:
                        self._drain(())
            except Exception:  # never let the uploader die: it holds the data
                logger.exception("skillboard: uploader error (run %s)", self.id)
                self._spooling = True  # keep the order: later batches go behind these in the spool
                try:
                    self._spool_append(reqs)
                except Exception:
                    logger.exception("skillboard: could not spool run %s", self.id)
            with self._cond:
                self._flush_done = max(self._flush_done, flush_target)
                self._cond.notify_all()
            if stopping:
                return

    def _spool_append(self, reqs: List[Tuple[str, Dict[str, Any]]]) -> None:
        if reqs:
            self._spool.ensure(self._create_body)
            self._spool.append(reqs)

    def _dispatch(self, reqs: List[Tuple[str, Dict[str, Any]]]) -> None:
        for i, (kind, body) in enumerate(reqs):
            if self._spooling:
                self._spool_append(reqs[i:])
                return
            try:
                deliver(self._client, self.id, kind, body, self.settings.retry_delays)
            except (Unreachable, AuthFailed) as e:
                logger.warning(
                    "skillboard: %s; spooling run %s to %s (retrying every %g s).",
                    e, self.id, self._spool.folder, self.settings.drain_interval,
                )
                self._spooling = True
                self._last_drain = time.monotonic()
                self._spool_append(reqs[i:])
                return

    def _drain(self, retry_delays: Sequence[float]) -> None:
        """Uploads the spool from its sync-offset; leaves spooling mode once all of it is acknowledged."""
        self._last_drain = time.monotonic()
        if not os.path.exists(self._spool.run_json):
            self._spool.ensure(self._create_body)
        try:
            stats = upload_spool_run(self._client, self._spool, create=self._needs_create, retry_delays=retry_delays)
        except (Unreachable, AuthFailed):
            return
        except SkillboardError as e:
            logger.warning("skillboard: could not upload the spool of run %s: %s", self.id, e)
            return
        if not self._spool.has_unsynced_lines():
            self._needs_create = False
            self._spooling = False
            logger.warning("skillboard: server %s is reachable again; uploaded the spooled batches of run %s.", self.url, self.id)


def _notice(msg: str) -> None:
    try:
        sys.stderr.write("skillboard: %s\n" % msg)
        sys.stderr.flush()
    except Exception:
        pass


# -- the global run and process exit ------------------------------------------------------------
_run: Optional[Run] = None
_active_runs: "weakref.WeakSet[Run]" = weakref.WeakSet()
_hooks_installed = False
_uncaught: Optional[Tuple[Any, Any, Any]] = None


def _install_exit_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    _hooks_installed = True
    previous = sys.excepthook

    def excepthook(exc_type: Any, exc: Any, tb: Any) -> None:
        global _uncaught
        _uncaught = (exc_type, exc, tb)
        previous(exc_type, exc, tb)

    sys.excepthook = excepthook
    atexit.register(_at_exit)


def _at_exit() -> None:
    """Finishes runs this process created ('failed' after an uncaught exception, 'canceled' after
    Ctrl-C, else 'succeeded'). A run attached via SKILLBOARD_RUN_ID is only flushed: the worker that
    launched the process records its final status from the exit code, and so is a managed one
    (SKILLBOARD_MANAGED=1) whatever its settings."""
    body: Dict[str, Any] = {"status": "succeeded"}
    if _uncaught is not None:
        exc_type, exc, tb = _uncaught
        if issubclass(exc_type, KeyboardInterrupt):
            body = {"status": "canceled", "exitCode": 130}
        else:
            body = {"status": "failed", "exitCode": 1,
                    "error": "".join(traceback.format_exception(exc_type, exc, tb))[-100000:]}
    for run in list(_active_runs):
        try:
            on_exit = run.settings.finish_on_exit
            if on_exit is None:
                on_exit = not run.attached
            if run.managed:
                on_exit = False
            run._close(dict(body) if on_exit else None)
        except Exception:
            logger.exception("skillboard: could not finish run %s at exit", run.id)


def _metric_batches(steps: List[Dict[str, Any]], limit: int) -> List[List[Dict[str, Any]]]:
    """Logged steps cut into batches of at most `limit` values; a step with more is split across batches."""
    out: List[List[Dict[str, Any]]] = []
    cur: List[Dict[str, Any]] = []
    n = 0
    for step in steps:
        items = list(step["values"].items())
        parts = [step] if len(items) <= limit else [dict(step, values=dict(items[i:i + limit])) for i in range(0, len(items), limit)]
        for part in parts:
            count = len(part["values"])
            if cur and n + count > limit:
                out.append(cur)
                cur, n = [], 0
            cur.append(part)
            n += count
    if cur:
        out.append(cur)
    return out
