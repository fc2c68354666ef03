"""Objects with the attributes of slime's Sample (slime/utils/types.py) and slime's argument
names: slime itself needs GPUs (torch, sglang, Megatron), so the hooks are driven with these."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, List, Optional, Union


@dataclass
class Sample:
    group_index: Optional[int] = None
    index: Optional[int] = None
    rollout_id: Optional[int] = None
    prompt: Union[str, List[Dict[str, str]]] = ""
    tokens: List[int] = field(default_factory=list)
    response: str = ""
    response_length: int = 0
    label: Optional[str] = None
    reward: Optional[Union[float, Dict[str, Any]]] = None
    loss_mask: Optional[List[int]] = None
    rollout_log_probs: Optional[List[float]] = None
    remove_sample: bool = False

    class Status(Enum):
        PENDING = "pending"
        COMPLETED = "completed"
        TRUNCATED = "truncated"
        ABORTED = "aborted"
        FAILED = "failed"

    status: Status = Status.PENDING
    metadata: dict = field(default_factory=dict)
    session_id: Optional[str] = None
    non_generation_time: float = 0.0


def slime_args(**overrides: Any) -> argparse.Namespace:
    """The arguments the hooks read, as slime's parser names them, with its defaults."""
    values: Dict[str, Any] = dict(
        wandb_project=None, wandb_group=None, wandb_exp_name=None, tb_project_name=None, tb_experiment_name=None,
        wandb_always_use_train_step=False, rollout_batch_size=2, n_samples_per_prompt=4, global_batch_size=8,
        n_samples_per_eval_prompt=1, num_rollout=2, reward_key=None, eval_reward_key=None, advantage_estimator="grpo",
        custom_rollout_log_function_path="skillboard.integrations.slime.log_rollout",
        custom_eval_rollout_log_function_path="skillboard.integrations.slime.log_eval_rollout",
    )
    values.update(overrides)
    return argparse.Namespace(**values)
