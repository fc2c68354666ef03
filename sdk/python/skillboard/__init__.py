"""Skillboard Python SDK (standard library only).

    import skillboard
    skillboard.init(project="atomic-skills", config={"lr": 1e-6})
    skillboard.log({"skill/editing/pass@1": 0.4, "train/kl": 0.01}, step=10)
    skillboard.finish()

Environment: SKILLBOARD_URL (default http://localhost:3000), SKILLBOARD_API_KEY,
SKILLBOARD_RUN_ID (attach to the run a worker created), SKILLBOARD_MODE (online | offline),
SKILLBOARD_SPOOL_DIR (default .skillboard/spool under the working directory).
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import Any, Mapping, Optional, Sequence

from . import _run
from ._run import Run, Settings, SkillboardWarning, new_run_id
from ._spool import AuthFailed, SkillboardError, sync

__all__ = [
    "init", "log", "log_eval", "log_trajectory", "log_text", "flush", "finish", "sync", "get_run",
    "Run", "Settings", "SkillboardError", "SkillboardWarning", "AuthFailed", "new_run_id", "__version__",
]


def init(
    project: Optional[str] = None,
    name: Optional[str] = None,
    group: Optional[str] = None,
    config: Any = None,
    tags: Optional[Sequence[str]] = None,
    *,
    id: Optional[str] = None,
    url: Optional[str] = None,
    api_key: Optional[str] = None,
    mode: Optional[str] = None,
    spool_dir: Optional[str] = None,
    settings: Optional[Settings] = None,
) -> Run:
    """Starts a run and makes it the global run of the module-level functions.

    With SKILLBOARD_RUN_ID set (a worker launched this process) it attaches to that run; otherwise
    it creates one with a client-chosen id (8 lowercase letters/digits, or `id=`). A global run that
    is still open is finished first. Keyword arguments override the SKILLBOARD_* environment.
    """
    if _run._run is not None:
        _run._run.finish()
    run = Run(project=project, name=name, group=group, config=config, tags=tags, id=id, url=url,
              api_key=api_key, mode=mode, spool_dir=spool_dir, settings=settings)
    _run._run = run
    return run


def get_run() -> Optional[Run]:
    """The global run, or None before init() / after finish()."""
    return _run._run


def _require() -> Run:
    if _run._run is None:
        raise RuntimeError("skillboard: call skillboard.init() first")
    return _run._run


def log(data: Mapping[str, Any], step: Optional[int] = None) -> None:
    """Logs scalar metrics, e.g. log({"skill/editing/pass@1": 0.4}, step=10). See Run.log."""
    _require().log(data, step)


def log_eval(benchmark: str, attempt: int, score: float, step: Optional[int] = None) -> None:
    """Records one scored eval attempt, e.g. log_eval("swe_verified", attempt=0, score=1.0, step=100)."""
    _require().log_eval(benchmark, attempt, score, step)


def log_trajectory(trajectory: Mapping[str, Any]) -> None:
    """Logs one agent episode (trajectory JSON). See Run.log_trajectory."""
    _require().log_trajectory(trajectory)


def log_text(stream: str, text: str) -> None:
    """Appends console output to the run's log; `stream` is "stdout" or "stderr"."""
    _require().log_text(stream, text)


def flush(timeout: Optional[float] = None) -> bool:
    """Blocks until everything logged so far was uploaded (or spooled)."""
    return _require().flush(timeout)


def finish(status: str = "succeeded", exit_code: Optional[int] = None, error: Optional[str] = None) -> None:
    """Flushes and finishes the global run ("succeeded" | "failed" | "canceled"). Also runs at exit."""
    if _run._run is not None:
        _run._run.finish(status, exit_code=exit_code, error=error)
