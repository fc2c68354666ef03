"""The run a framework hook logs into, made on first use."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .. import _run
from .._run import Run


class HookRun(object):
    """The global run when the trainer made one (skillboard.init()); else a run this hook
    creates on first use, makes global and owns (and so finishes). Anything logged after the
    owned run was finished (an evaluate() after train()) reopens it: the same id again, which
    the server answers with the stored run."""

    def __init__(self, run: Optional[Run] = None, **init_kwargs: Any) -> None:
        self._run = run
        self._init_kwargs = init_kwargs
        self.owned = False

    def get(self, **create_kwargs: Any) -> Run:
        """The run to log into; `create_kwargs` (project, name, config …) apply only when one is created."""
        run = self._run
        if run is not None and not run._finished:
            return run
        if run is None and _run._run is not None:
            self._run = _run._run
            return self._run
        kwargs: Dict[str, Any] = dict((k, v) for k, v in create_kwargs.items() if v is not None)
        kwargs.update((k, v) for k, v in self._init_kwargs.items() if v is not None)
        if run is not None:
            kwargs["id"] = run.id
        from .. import init

        self._run = init(**kwargs)
        self.owned = True
        return self._run

    @property
    def current(self) -> Optional[Run]:
        """The run, or None before anything was logged."""
        return self._run

    def finish(self) -> None:
        """Finishes an owned run, flushes a borrowed one."""
        run = self._run
        if run is None or run._finished:
            return
        if self.owned:
            run.finish()
        else:
            run.flush()
