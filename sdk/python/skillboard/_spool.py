"""The on-disk spool (docs/spool-format.md) and the code that uploads it.

<spool>/<runId>/run.json        the create-run body
<spool>/<runId>/batches.jsonl   one `{"kind", "body"}` append request per line, in logged order
<spool>/<runId>/sync-offset     lines of batches.jsonl already acknowledged by the server
<spool>/<runId>/synced          present once every line has been acknowledged
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from ._http import Client, Response, Unreachable, dumps, retryable_status, run_path

logger = logging.getLogger("skillboard")

KINDS = ("metrics", "evals", "trajectories", "logs", "finish")
# The lists an append body may carry (and that may be split when the server answers 413): a metric
# batch carries "steps" (what this SDK sends) or "points" (spools written by earlier versions).
LIST_FIELDS = {"metrics": ("steps", "points"), "evals": ("evals",), "trajectories": ("trajectories",), "logs": ("chunks",)}


def _list_field(kind: str, body: Dict[str, Any]) -> Optional[str]:
    return next((f for f in LIST_FIELDS.get(kind, ()) if f in body), None)
DEFAULT_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)


class SkillboardError(Exception):
    """A problem the caller must act on (bad key, unknown run, spool that could not be uploaded …)."""


class AuthFailed(SkillboardError):
    """401/403: the API key is missing or wrong; retrying with the same key cannot help."""


def new_batch_id() -> str:
    return uuid.uuid4().hex


def default_spool_dir() -> str:
    return os.environ.get("SKILLBOARD_SPOOL_DIR") or os.path.join(os.getcwd(), ".skillboard", "spool")


def _write_atomic(path: str, text: str) -> None:
    tmp = "%s.tmp-%d" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class SpoolRun(object):
    """One run's folder in a spool directory."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._tail_checked = False
        self.run_json = os.path.join(folder, "run.json")
        self.batches = os.path.join(folder, "batches.jsonl")
        self.offset_file = os.path.join(folder, "sync-offset")
        self.synced_file = os.path.join(folder, "synced")

    @classmethod
    def for_run(cls, spool_dir: str, run_id: str) -> "SpoolRun":
        return cls(os.path.join(spool_dir, run_id))

    # -- writing -------------------------------------------------------------------------------
    def ensure(self, create_body: Dict[str, Any]) -> None:
        """Creates the folder and run.json (kept as is when it already exists)."""
        os.makedirs(self.folder, exist_ok=True)
        if not os.path.exists(self.run_json):
            _write_atomic(self.run_json, json.dumps(create_body, allow_nan=False, indent=2) + "\n")

    def append(self, requests: Sequence[Tuple[str, Dict[str, Any]]]) -> None:
        """Appends `(kind, body)` requests, one line each; un-marks `synced` since there is new work."""
        if not requests:
            return
        text = "".join(dumps({"kind": kind, "body": body}) + "\n" for kind, body in requests)
        if not self._tail_checked:
            # A process that died mid-write left a partial last line: end it, so our first line stays whole.
            if not self._ends_with_newline():
                text = "\n" + text
            self._tail_checked = True
        with open(self.batches, "a", encoding="utf-8") as f:
            f.write(text)
            f.flush()
        if os.path.exists(self.synced_file):
            os.remove(self.synced_file)

    def _ends_with_newline(self) -> bool:
        try:
            with open(self.batches, "rb") as f:
                f.seek(0, os.SEEK_END)
                if f.tell() == 0:
                    return True
                f.seek(-1, os.SEEK_END)
                return f.read(1) == b"\n"
        except OSError:
            return True  # no file yet

    # -- reading -------------------------------------------------------------------------------
    def read_create_body(self) -> Dict[str, Any]:
        with open(self.run_json, encoding="utf-8") as f:
            body = json.load(f)
        if not isinstance(body, dict) or not body.get("id"):
            raise SkillboardError("%s: run.json must be an object with an 'id'" % self.run_json)
        # The server refuses nulls for these optional fields; leave them out.
        return dict((k, v) for k, v in body.items() if v is not None)

    def read_offset(self) -> int:
        try:
            with open(self.offset_file, encoding="utf-8") as f:
                return max(0, int(f.read().strip() or 0))
        except (OSError, ValueError):
            return 0

    def write_offset(self, n: int) -> None:
        _write_atomic(self.offset_file, "%d\n" % n)

    def mark_synced(self) -> None:
        _write_atomic(self.synced_file, "%s\n" % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    def is_synced(self) -> bool:
        return os.path.exists(self.synced_file)

    def lines(self, start: int) -> Iterator[Tuple[int, str]]:
        """Yields (index, text) of the complete lines at index >= start; a partial last line (still
        being written, or cut off by a crash) is not a line yet."""
        if not os.path.exists(self.batches):
            return
        with open(self.batches, "rb") as f:
            for i, raw in enumerate(f):
                if not raw.endswith(b"\n"):
                    return
                if i >= start:
                    yield i, raw.decode("utf-8", "replace").rstrip("\r\n")

    def has_unsynced_lines(self) -> bool:
        for _ in self.lines(self.read_offset()):
            return True
        return False


# -- delivery ----------------------------------------------------------------------------------
def _split(kind: str, body: Dict[str, Any]) -> Optional[List[Dict[str, Any]]]:
    """Two halves with derived batch ids `<id>.1` / `<id>.2` (as the TS SDK does): a replay splits the
    same way, so the server recognises the halves it already stored."""
    field = _list_field(kind, body)
    items = body.get(field) if field else None
    if not isinstance(items, list) or len(items) < 2:
        return None
    half = (len(items) + 1) // 2
    bid = str(body.get("batchId") or new_batch_id())
    return [{"batchId": bid + ".1", field: items[:half]}, {"batchId": bid + ".2", field: items[half:]}]


def _count(kind: str, body: Dict[str, Any]) -> str:
    field = _list_field(kind, body)
    items = body.get(field) if field else None
    return "%d %s" % (len(items), field) if isinstance(items, list) else kind


def deliver(
    client: Client,
    run_id: str,
    kind: str,
    body: Dict[str, Any],
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> str:
    """POSTs one append request, retrying transient failures with backoff.

    Returns "stored", "duplicate" or "dropped" (a 4xx that can never succeed; already reported).
    Raises Unreachable when the server stays unreachable (or keeps answering 5xx/408/429), and
    AuthFailed on 401/403. A 413 splits the batch in two (new batch ids: the server stored nothing).
    """
    path = run_path(run_id, kind)
    payload = dumps(body)
    last = ""
    for attempt in range(len(retry_delays) + 1):
        if attempt:
            time.sleep(retry_delays[attempt - 1])
        try:
            res = client.post(path, payload)
        except Unreachable as e:
            last = str(e)
            continue
        if res.ok:
            return "duplicate" if isinstance(res.data, dict) and res.data.get("duplicate") else "stored"
        if retryable_status(res.status):
            last = "HTTP %d: %s" % (res.status, res.message)
            continue
        return _rejected(client, run_id, kind, body, res, retry_delays)
    raise Unreachable("%s after %d tries: %s" % (client.base, len(retry_delays) + 1, last))


def _rejected(client: Client, run_id: str, kind: str, body: Dict[str, Any], res: Response, delays: Sequence[float]) -> str:
    if res.status in (401, 403):
        raise AuthFailed("Skillboard server %s refused the API key (HTTP %d): %s" % (client.base, res.status, res.message))
    if res.status == 413:
        parts = _split(kind, body)
        if parts:
            outcomes = [deliver(client, run_id, kind, p, delays) for p in parts]
            return "dropped" if "dropped" in outcomes else "stored" if "stored" in outcomes else "duplicate"
    if res.status == 404:
        logger.warning(
            "skillboard: run '%s' does not exist on %s (404: %s); dropped a %s batch (%s). "
            "Check SKILLBOARD_RUN_ID / SKILLBOARD_URL.",
            run_id, client.base, res.message, kind, _count(kind, body),
        )
    elif kind == "finish" and res.status == 409:
        logger.warning("skillboard: run '%s' could not be finished: %s", run_id, res.message)
    else:
        logger.warning(
            "skillboard: server refused a %s batch of run '%s' (HTTP %d: %s); dropped it (%s).",
            kind, run_id, res.status, res.message, _count(kind, body),
        )
    return "dropped"


def ensure_run(client: Client, create_body: Dict[str, Any], retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS) -> Dict[str, Any]:
    """Creates the run with its client-chosen id (idempotent); an existing run of that id is reused."""
    run_id = create_body["id"]
    payload = dumps(create_body)
    last = ""
    for attempt in range(len(retry_delays) + 1):
        if attempt:
            time.sleep(retry_delays[attempt - 1])
        try:
            res = client.post("/api/v1/runs", payload)
        except Unreachable as e:
            last = str(e)
            continue
        if res.ok:
            return res.data if isinstance(res.data, dict) else {"id": run_id}
        if retryable_status(res.status):
            last = "HTTP %d: %s" % (res.status, res.message)
            continue
        if res.status in (401, 403):
            raise AuthFailed("Skillboard server %s refused the API key (HTTP %d): %s" % (client.base, res.status, res.message))
        if res.status == 409:
            # The id exists already (e.g. created in another project, or by a worker): append to it.
            try:
                got = client.get(run_path(run_id))
            except Unreachable as e:
                last = str(e)
                continue
            if got.ok and isinstance(got.data, dict):
                logger.info("skillboard: run '%s' already exists (%s); appending to it.", run_id, res.message)
                return got.data
        raise SkillboardError("Skillboard server %s could not create run '%s' (HTTP %d): %s" % (client.base, run_id, res.status, res.message))
    raise Unreachable("%s after %d tries: %s" % (client.base, len(retry_delays) + 1, last))


def upload_spool_run(
    client: Client,
    spool: SpoolRun,
    create: bool = True,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
    on_line: Optional[Callable[[int], None]] = None,
) -> Dict[str, Any]:
    """Uploads one run folder from its sync-offset on. Raises Unreachable / AuthFailed / SkillboardError
    when it has to stop; the offset written so far is the resume point."""
    body = spool.read_create_body()
    run_id = body["id"]
    if create:
        ensure_run(client, body, retry_delays)
    stats = {"runId": run_id, "stored": 0, "duplicate": 0, "dropped": 0}
    for i, line in spool.lines(spool.read_offset()):
        try:
            req = json.loads(line)
        except ValueError:
            req = None
        kind = req.get("kind") if isinstance(req, dict) else None
        rbody = req.get("body") if isinstance(req, dict) else None
        if kind not in KINDS or not isinstance(rbody, dict):
            logger.warning("skillboard: %s line %d is not a {kind, body} request; skipped.", spool.batches, i + 1)
            stats["dropped"] += 1
        else:
            stats[deliver(client, run_id, kind, rbody, retry_delays)] += 1
        spool.write_offset(i + 1)
        if on_line:
            on_line(i + 1)
    spool.mark_synced()
    return stats


def find_spool_runs(spool_dir: str) -> List[SpoolRun]:
    """A run folder itself, or every run folder (one holding run.json) directly under a spool dir."""
    if os.path.isfile(os.path.join(spool_dir, "run.json")):
        return [SpoolRun(spool_dir)]
    if not os.path.isdir(spool_dir):
        raise SkillboardError("spool folder %s does not exist" % spool_dir)
    out = []
    for name in sorted(os.listdir(spool_dir)):
        folder = os.path.join(spool_dir, name)
        if os.path.isfile(os.path.join(folder, "run.json")):
            out.append(SpoolRun(folder))
    return out


def sync(
    spool_dir: Optional[str] = None,
    url: Optional[str] = None,
    api_key: Optional[str] = None,
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
) -> List[Dict[str, Any]]:
    """Uploads a spool folder (or one run folder of it) to the server, resuming at each run's
    sync-offset; runs marked `synced` are skipped. Replaying is safe: every request keeps its batchId
    and runs keep their id, so nothing is stored twice.

    Returns one dict per run: {runId, status: "synced"|"skipped"|"failed", stored, duplicate, dropped, error?}.
    Raises SkillboardError after trying every run when any of them failed.
    """
    spool_dir = spool_dir or default_spool_dir()
    client = Client(url or os.environ.get("SKILLBOARD_URL") or "http://localhost:3000",
                    api_key if api_key is not None else os.environ.get("SKILLBOARD_API_KEY"))
    results = []
    for spool in find_spool_runs(spool_dir):
        name = os.path.basename(os.path.normpath(spool.folder))
        if spool.is_synced() and not spool.has_unsynced_lines():
            results.append({"runId": name, "status": "skipped", "stored": 0, "duplicate": 0, "dropped": 0})
            continue
        try:
            stats = upload_spool_run(client, spool, create=True, retry_delays=retry_delays)
            stats["status"] = "synced"
            logger.info("skillboard: synced run %s (%d stored, %d duplicate, %d dropped)",
                        stats["runId"], stats["stored"], stats["duplicate"], stats["dropped"])
            results.append(stats)
        except (Unreachable, SkillboardError, OSError, ValueError) as e:
            results.append({"runId": name, "status": "failed", "stored": 0, "duplicate": 0, "dropped": 0, "error": str(e)})
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        err = SkillboardError("skillboard sync: %d of %d runs failed: %s" % (
            len(failed), len(results), "; ".join("%s: %s" % (r["runId"], r["error"]) for r in failed)))
        err.results = results  # type: ignore[attr-defined]
        raise err
    return results
