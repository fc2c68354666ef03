"""Rollout log hooks for slime (THUDM/slime): its samples become Skillboard trajectories.

    --custom-rollout-log-function-path skillboard.integrations.slime.log_rollout
    --custom-eval-rollout-log-function-path skillboard.integrations.slime.log_eval_rollout

slime calls them in its RolloutManager (a Ray actor) with these signatures:
``log_rollout(rollout_id, args, samples, rollout_extra_metrics, rollout_time) -> bool`` and
``log_eval_rollout(rollout_id, args, data, extra_metrics) -> bool``. Both return False, so slime's
own logging (W&B, TensorBoard) goes on as before. That actor needs SKILLBOARD_URL and
SKILLBOARD_API_KEY in its environment: put them in the job's runtime env (`ray job submit
--runtime-env-json '{"env_vars": {...}}'`, as slime's example scripts pass PYTHONPATH) or export
them before `ray start`; SKILLBOARD_RUN_ID attaches to an existing run.

Each training sample is a trajectory: the prompt (text or chat messages) and the response (or a
multi-turn conversation in ``metadata["messages"]``), its reward (``args.reward_key`` picks one of
a dict reward), passed = reward > 0, filed under its prompt group (GRPO group view) and under the
skill its metadata names (``skill``, else slime's data source: ``source_name`` / ``data_source``).
Per skill the hook logs ``skill/<skill>/pass@1``, ``/reward`` and ``/avg_steps``. Each eval data
source becomes a benchmark: attempt k of every prompt is eval attempt k (Avg@k), and its samples
become trajectories too. Steps are slime's (``compute_rollout_step``).
"""

from __future__ import annotations

import hashlib
import json
import numbers
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ._hook_run import HookRun

__all__ = ["log_rollout", "log_eval_rollout", "sample_to_trajectory"]

SKILL_KEYS = ("skill", "source_name", "data_source", "source")
TASK_ID_KEYS = ("task_id", "instance_id", "problem_id", "id")
MESSAGE_KEYS = ("messages", "conversation")
DEFAULT_SKILL = "rollout"
FLUSH_TIMEOUT = 120.0

_hook = HookRun()


def _run(args: Any) -> Any:
    """The run of this process: made from slime's arguments on first use."""
    name = getattr(args, "wandb_exp_name", None) or getattr(args, "tb_experiment_name", None)
    project = getattr(args, "wandb_project", None) or getattr(args, "tb_project_name", None)
    return _hook.get(project=project, name=name, group=getattr(args, "wandb_group", None), config=args, tags=["slime"])


def _rollout_step(args: Any, rollout_id: int) -> int:
    """slime's `compute_rollout_step`, so steps match its own charts."""
    if getattr(args, "wandb_always_use_train_step", False):
        return rollout_id * args.rollout_batch_size * args.n_samples_per_prompt // args.global_batch_size
    return int(rollout_id)


def _flat(samples: Iterable[Any]) -> List[Any]:
    out: List[Any] = []
    for s in samples:
        if isinstance(s, (list, tuple)):
            out.extend(_flat(s))
        else:
            out.append(s)
    return out


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, numbers.Number):
        return float(value)  # type: ignore[arg-type]
    if hasattr(value, "item"):
        try:
            return float(value.item())
        except (TypeError, ValueError):
            return None
    return None


def _reward(sample: Any, reward_key: Optional[str]) -> Tuple[float, bool]:
    """The sample's scalar reward (as slime's `get_reward_value`) and whether it passed."""
    raw = getattr(sample, "reward", None)
    if isinstance(raw, Mapping):
        value = raw.get(reward_key) if reward_key else next((raw[k] for k in ("score", "reward", "acc") if k in raw), None)
        if isinstance(raw.get("acc"), bool):
            r = _number(value)
            return (r if r is not None else float(raw["acc"])), raw["acc"]
        raw = value
    r = _number(raw)
    if r is None or r != r or r in (float("inf"), float("-inf")):
        return 0.0, False
    return r, r > 0


def _status(sample: Any) -> Optional[str]:
    status = getattr(sample, "status", None)
    return getattr(status, "value", status) if status is not None else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _metadata(sample: Any) -> Dict[str, Any]:
    meta = getattr(sample, "metadata", None)
    return meta if isinstance(meta, dict) else {}


def _skill_of(sample: Any) -> Optional[str]:
    meta = _metadata(sample)
    if isinstance(meta.get("skill"), str) and meta["skill"]:
        return meta["skill"]
    source = getattr(sample, "source", None)
    if isinstance(source, str) and source:
        return source
    for key in SKILL_KEYS[1:]:
        if isinstance(meta.get(key), str) and meta[key]:
            return meta[key]
    return None


def _task_id(sample: Any) -> str:
    meta = _metadata(sample)
    for key in TASK_ID_KEYS:
        if isinstance(meta.get(key), (str, int)) and not isinstance(meta.get(key), bool) and str(meta[key]):
            return str(meta[key])[:500]
    # Without an id, the prompt names the task: the same prompt keeps the same id across steps.
    return "prompt-" + hashlib.sha1(_text(getattr(sample, "prompt", "")).encode("utf-8")).hexdigest()[:12]


def _turns(sample: Any) -> List[Dict[str, Any]]:
    meta = _metadata(sample)
    for key in MESSAGE_KEYS:
        messages = meta.get(key)
        if isinstance(messages, list) and messages and all(isinstance(m, dict) and m.get("role") for m in messages):
            return [dict(m) for m in messages]
    prompt = getattr(sample, "prompt", "")
    if isinstance(prompt, list) and all(isinstance(m, dict) and m.get("role") for m in prompt):
        turns = [dict(m) for m in prompt]
    else:
        turns = [{"role": "user", "content": _text(prompt)}]
    answer: Dict[str, Any] = {"role": "assistant", "content": getattr(sample, "response", "") or ""}
    length = getattr(sample, "response_length", None)
    if isinstance(length, int) and not isinstance(length, bool) and length >= 0:
        answer["tokens"] = length
    turns.append(answer)
    return turns


def sample_to_trajectory(sample: Any, step: int, reward_key: Optional[str] = None, skill: Optional[str] = None,
                         group_key: Optional[str] = None, sample_index: Optional[int] = None,
                         extra: Optional[Mapping[str, Any]] = None) -> Dict[str, Any]:
    """One slime Sample as trajectory JSON."""
    reward, passed = _reward(sample, reward_key)
    raw_reward = getattr(sample, "reward", None)
    verifier: Dict[str, Any] = {"status": _status(sample)}
    if getattr(sample, "label", None) is not None:
        verifier["label"] = sample.label
    if isinstance(raw_reward, Mapping):
        verifier["reward"] = dict(raw_reward)
    metadata: Dict[str, Any] = {"source": "slime", "index": getattr(sample, "index", None),
                                "groupIndex": getattr(sample, "group_index", None)}
    if _metadata(sample):
        metadata["sample"] = _metadata(sample)
    metadata.update(extra or {})
    return {
        "skill": (skill or _skill_of(sample) or DEFAULT_SKILL)[:200],
        "taskId": _task_id(sample),
        "step": step,
        "groupKey": group_key,
        "sampleIndex": sample_index,
        "reward": reward,
        "passed": passed,
        "turns": _turns(sample),
        "verifier": verifier,
        "metadata": metadata,
    }


def _mean(values: List[float]) -> float:
    return sum(values) / len(values)


def log_rollout(rollout_id: int, args: Any, samples: Any, rollout_extra_metrics: Optional[Mapping[str, Any]], rollout_time: float) -> bool:
    """slime's `--custom-rollout-log-function-path` hook: the rollout's samples become trajectories
    (grouped by prompt, `group_index`), plus per-skill Pass@1 / reward / avg steps and rollout metrics."""
    run = _run(args)
    step = _rollout_step(args, rollout_id)
    samples = _flat(samples or [])
    reward_key = getattr(args, "reward_key", None)
    positions: Dict[Any, int] = {}
    by_skill: Dict[str, List[Dict[str, Any]]] = {}
    all_trajectories = []
    for sample in samples:
        group = getattr(sample, "group_index", None)
        sample_index = positions.get(group, 0) if group is not None else None
        if group is not None:
            positions[group] = sample_index + 1  # type: ignore[operator]
        t = sample_to_trajectory(sample, step, reward_key, group_key=None if group is None else str(group),
                                 sample_index=sample_index, extra={"rolloutId": rollout_id})
        run.log_trajectory(t)
        all_trajectories.append(t)
        if _skill_of(sample):
            by_skill.setdefault(t["skill"], []).append(t)

    metrics: Dict[str, Any] = dict((k, v) for k, v in (rollout_extra_metrics or {}).items() if _number(v) is not None)
    if all_trajectories:
        metrics["rollout/reward/mean"] = _mean([t["reward"] for t in all_trajectories])
        metrics["rollout/pass_rate"] = _mean([float(t["passed"]) for t in all_trajectories])
        metrics["rollout/num_samples"] = len(all_trajectories)
        lengths = [getattr(s, "response_length", 0) or 0 for s in samples]
        metrics["rollout/response_len/mean"] = _mean([float(n) for n in lengths])
        metrics["rollout/truncated_ratio"] = _mean([float(_status(s) == "truncated") for s in samples])
    for skill, ts in by_skill.items():
        metrics["skill/%s/pass@1" % skill] = _mean([float(t["passed"]) for t in ts])
        metrics["skill/%s/reward" % skill] = _mean([t["reward"] for t in ts])
        metrics["skill/%s/avg_steps" % skill] = _mean([float(sum(1 for turn in t["turns"] if turn["role"] == "assistant")) for t in ts])
    if rollout_time is not None:
        metrics["perf/rollout_time"] = rollout_time
    run.log(metrics, step=step)
    run.flush(FLUSH_TIMEOUT)
    if rollout_id >= getattr(args, "num_rollout", float("inf")) - 1:
        _hook.finish()
    return False


def _attempts(samples: List[Any]) -> List[Tuple[Any, str, int]]:
    """Each eval sample with its prompt key and its attempt: the k-th sample of the same prompt (by index)."""
    ordered = sorted(samples, key=lambda s: getattr(s, "index", None) if getattr(s, "index", None) is not None else 0)
    seen: Dict[str, int] = {}
    out = []
    for sample in ordered:
        group = getattr(sample, "group_index", None)
        key = str(group) if group is not None else hashlib.sha1(_text(getattr(sample, "prompt", "")).encode("utf-8")).hexdigest()[:12]
        attempt = seen.get(key, 0)
        seen[key] = attempt + 1
        out.append((sample, key, attempt))
    return out


def log_eval_rollout(rollout_id: int, args: Any, data: Mapping[str, Any], extra_metrics: Optional[Mapping[str, Any]]) -> bool:
    """slime's `--custom-eval-rollout-log-function-path` hook: per eval data source, attempt k of every
    prompt is eval attempt k of the benchmark named by the data source (Avg@k), and every sample a
    trajectory; `eval/<source>` is the mean reward, as slime names it."""
    run = _run(args)
    step = _rollout_step(args, rollout_id)
    reward_key = getattr(args, "eval_reward_key", None) or getattr(args, "reward_key", None)
    metrics: Dict[str, Any] = dict((k, v) for k, v in (extra_metrics or {}).items() if _number(v) is not None)
    for benchmark, result in data.items():
        samples = _flat(result.get("samples") or [])
        rewards = [r for r in (_number(x) for x in result.get("rewards") or []) if r is not None]
        if rewards:
            metrics["eval/%s" % benchmark] = _mean(rewards)
        passed_by_attempt: Dict[int, List[float]] = {}
        if samples:
            for sample, prompt_key, attempt in _attempts(samples):
                t = sample_to_trajectory(sample, step, reward_key, skill=str(benchmark),
                                         group_key="eval:%s:%s" % (benchmark, prompt_key), sample_index=attempt,
                                         extra={"rolloutId": rollout_id, "eval": True})
                run.log_trajectory(t)
                passed_by_attempt.setdefault(attempt, []).append(float(t["passed"]))
        else:
            # Rewards only: slime lists the n samples of each prompt one after another.
            n = max(int(getattr(args, "n_samples_per_eval_prompt", 1) or 1), 1)
            for i, r in enumerate(rewards):
                passed_by_attempt.setdefault(i % n, []).append(float(r > 0))
        for attempt, passed in sorted(passed_by_attempt.items()):
            run.log_eval(str(benchmark), attempt, _mean(passed), step=step)
    if metrics:
        run.log(metrics, step=step)
    run.flush(FLUSH_TIMEOUT)
    if getattr(args, "num_rollout", None) == 0 or rollout_id >= getattr(args, "num_rollout", float("inf")) - 1:
        _hook.finish()
    return False
