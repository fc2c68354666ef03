"""Drives SkillboardCallback with transformers' own CallbackHandler, TrainingArguments,
TrainerState and TrainerControl, in the order Trainer.train() fires the events, with the
metric names TRL's GRPOTrainer logs. (The test venv has transformers without torch, so no
model trains; the callback machinery is the real one.) Prints the run ids as JSON."""

import json
import os
import sys
import tempfile
import types

import skillboard
from skillboard.integrations.trl import SkillboardCallback
from transformers import GPT2Config, TrainingArguments
from transformers.trainer_callback import CallbackHandler, DefaultFlowCallback, TrainerCallback, TrainerControl, TrainerState

fast = skillboard.Settings(flush_interval=0.2, retry_delays=(0.05, 0.1), timeout=5.0, init_timeout=5.0)


def grpo_logs(step):
    """What GRPOTrainer.log passes on at a logging step."""
    return {
        "loss": 0.1 / step, "grad_norm": 0.5, "learning_rate": 1e-6, "num_tokens": 1024.0 * step,
        "completions/mean_length": 200.0 + step, "rewards/accuracy_reward/mean": 0.2 * step,
        "rewards/accuracy_reward/std": 0.1, "rewards/format_reward/mean": 1.0, "reward": 0.2 * step + 1.0,
        "reward_std": 0.3, "frac_reward_zero_std": 0.25, "kl": 0.001 * step, "entropy": 1.5, "epoch": step / 3,
        "note": "not a number",
    }


def main():
    out = {}
    args = TrainingArguments(output_dir=tempfile.mkdtemp(), run_name="grpo-qwen-trl", learning_rate=1e-6,
                             logging_steps=1, eval_strategy="steps", eval_steps=2, max_steps=3, report_to="none")
    model = types.SimpleNamespace(config=GPT2Config(n_layer=2))
    callback = SkillboardCallback(project="trl-proj", config={"dataset": "atomic-skills"}, settings=fast)
    assert isinstance(callback, TrainerCallback)
    handler = CallbackHandler([DefaultFlowCallback], model, None, None, None)
    handler.add_callback(callback)
    state = TrainerState(max_steps=3, logging_steps=1, eval_steps=2)
    control = TrainerControl()

    control = handler.on_init_end(args, state, control)
    control = handler.on_train_begin(args, state, control)
    for step in range(1, 4):
        control = handler.on_step_begin(args, state, control)
        state.global_step = step
        state.epoch = step / 3
        control = handler.on_step_end(args, state, control)
        if control.should_log:
            control = handler.on_log(args, state, control, grpo_logs(step))
        if control.should_evaluate:
            metrics = {"eval_loss": 0.05, "eval_rewards/accuracy_reward/mean": 0.6, "eval_runtime": 1.5, "epoch": state.epoch}
            control = handler.on_log(args, state, control, metrics)
            control = handler.on_evaluate(args, state, control, metrics=metrics)
    control = handler.on_log(args, state, control, {"train_runtime": 9.5, "train_loss": 0.07, "total_flos": 0.0, "epoch": 1.0})
    control = handler.on_train_end(args, state, control)
    out["run"] = callback.run.id
    out["finishedAtTrainEnd"] = skillboard.get_run() is None

    # trainer.evaluate() after train(): the same run takes the metrics.
    metrics = {"eval_loss": 0.04, "eval_rewards/accuracy_reward/mean": 0.7}
    handler.on_evaluate(args, state, control, metrics=metrics)
    out["afterTrain"] = callback.run.id
    skillboard.finish()

    # Another process of a distributed run: logs nothing, creates no run.
    other = SkillboardCallback(project="trl-proj", settings=fast)
    rank1 = TrainerState(is_world_process_zero=False, is_local_process_zero=False)
    h1 = CallbackHandler([other], model, None, None, None)
    h1.on_train_begin(args, rank1, TrainerControl())
    rank1.global_step = 1
    h1.on_log(args, rank1, TrainerControl(), {"loss": 1.0})
    h1.on_train_end(args, rank1, TrainerControl())
    out["rank1Run"] = other.run.id if other.run else None

    # A run the script made itself with skillboard.init(): the callback logs into it and leaves it open.
    mine = skillboard.init(project="trl-proj", name="own-run", settings=fast)
    cb = SkillboardCallback()
    h2 = CallbackHandler([cb], None, None, None, None)
    s2 = TrainerState()
    h2.on_train_begin(args, s2, TrainerControl())
    s2.global_step = 5
    h2.on_log(args, s2, TrainerControl(), {"loss": 2.0})
    h2.on_train_end(args, s2, TrainerControl())
    out["ownRun"] = mine.id
    out["ownRunStillOpen"] = skillboard.get_run() is mine
    skillboard.finish()
    sys.stdout.write(json.dumps(out))


main()
