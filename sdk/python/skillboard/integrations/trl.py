"""A transformers ``TrainerCallback`` that logs TRL's (or any ``Trainer``'s) training into Skillboard.

    from skillboard.integrations.trl import SkillboardCallback
    trainer = GRPOTrainer(..., callbacks=[SkillboardCallback(project="atomic-skills")])
    # or: trainer.add_callback(SkillboardCallback())

``report_to`` only takes the integrations transformers knows, so this one line is the way in.
What the trainer logs (``loss``, ``reward``, TRL's ``rewards/<func>/mean`` …) is stored at
``state.global_step`` under its own keys; Skillboard maps such names onto skills and benchmarks
when it reads them. ``eval_*`` metrics of ``evaluate()`` land the same way. Only the main process
(``state.is_world_process_zero``) logs. Importing this module does not import transformers: the
class is built on first use, a ``TrainerCallback`` subclass.
"""

from __future__ import annotations

import numbers
from typing import Any, Dict, Mapping, Optional, Sequence

from ._hook_run import HookRun

__all__ = ["SkillboardCallback"]


def _scalars(values: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The numeric entries (Python, numpy or torch scalars); strings, lists and tables are left out."""
    out: Dict[str, Any] = {}
    for key, value in (values or {}).items():
        if isinstance(value, numbers.Number) or (hasattr(value, "item") and getattr(value, "ndim", 0) == 0):
            out[str(key)] = value
    return out


def _model_config(model: Any) -> Optional[Dict[str, Any]]:
    config = getattr(model, "config", None)
    to_dict = getattr(config, "to_dict", None)
    if to_dict is None:
        return None
    try:
        return to_dict()
    except Exception:
        return None


class _SkillboardCallbackMethods(object):
    """The callback's behaviour; mixed into a ``transformers.TrainerCallback`` subclass."""

    def __init__(
        self,
        project: Optional[str] = None,
        name: Optional[str] = None,
        group: Optional[str] = None,
        config: Optional[Mapping[str, Any]] = None,
        tags: Optional[Sequence[str]] = None,
        run: Any = None,
        **init_kwargs: Any,
    ) -> None:
        """`project`, `name`, `group`, `tags` and `init_kwargs` (url, api_key, settings …) go to
        ``skillboard.init()`` when the callback creates the run; `config` is added to the
        TrainingArguments it records. With `run` (or a run made by ``skillboard.init()`` before
        training) it logs into that run and leaves finishing it to you."""
        self._extra_config = dict(config or {})
        self._hook = HookRun(run=run, project=project, name=name, group=group, tags=tags, **init_kwargs)

    @property
    def run(self) -> Any:
        """The Skillboard run, once training began (None on processes other than the main one)."""
        return self._hook.current

    def _run_for(self, args: Any, model: Any = None) -> Any:
        config: Dict[str, Any] = {}
        if hasattr(args, "to_dict"):
            config.update(args.to_dict())
        model_config = _model_config(model)
        if model_config is not None:
            config["model_config"] = model_config
        config.update(self._extra_config)
        return self._hook.get(name=getattr(args, "run_name", None), config=config)

    def on_train_begin(self, args: Any, state: Any, control: Any, model: Any = None, **kwargs: Any) -> None:
        if state.is_world_process_zero:
            self._run_for(args, model)

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[Mapping[str, Any]] = None, model: Any = None, **kwargs: Any) -> None:
        if state.is_world_process_zero:
            metrics = _scalars(logs)
            if metrics:
                self._run_for(args, model).log(metrics, step=state.global_step)

    def on_evaluate(self, args: Any, state: Any, control: Any, metrics: Optional[Mapping[str, Any]] = None, model: Any = None, **kwargs: Any) -> None:
        if state.is_world_process_zero:
            values = _scalars(metrics)
            if values:
                self._run_for(args, model).log(values, step=state.global_step)

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.is_world_process_zero:
            self._hook.finish()


_built: Optional[type] = None


def _build() -> type:
    global _built
    if _built is not None:
        return _built
    try:
        from transformers.trainer_callback import TrainerCallback
    except ImportError as error:
        reason = str(error)

        class SkillboardCallback(object):  # type: ignore[no-redef]
            """Stands in while transformers is missing: using it says so."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                raise ImportError(
                    "skillboard.integrations.trl.SkillboardCallback is a transformers TrainerCallback, but transformers "
                    "could not be imported (%s). Install transformers (pip install transformers trl) in this environment." % reason
                )

        _built = SkillboardCallback
        return _built

    class SkillboardCallback(_SkillboardCallbackMethods, TrainerCallback):  # type: ignore[no-redef]
        """Logs a Trainer's metrics into a Skillboard run; see skillboard.integrations.trl."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            _SkillboardCallbackMethods.__init__(self, *args, **kwargs)

    SkillboardCallback.__module__ = __name__
    _built = SkillboardCallback
    return _built


def __getattr__(name: str) -> Any:
    if name == "SkillboardCallback":
        return _build()
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
