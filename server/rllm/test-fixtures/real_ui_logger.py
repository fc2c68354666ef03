"""Drives rllm's own UILogger (from an rllm checkout on PYTHONPATH) against a Skillboard server.

Needs pydantic, httpx and numpy (the test venv has them) and rllm's source: rllm is not on
PyPI, so the test runs this only when RLLM_SOURCE names a checkout. Prints the session ids.
"""

import json
import sys

from rllm.eval.results import EvalItem, EvalResult
from rllm.types import Action, Episode, Step, Trajectory, TrajectoryGroup
from rllm.utils.tracking import UILogger


def episode(task_id, rollout_idx, correct):
    question = "What is 6 * 7? (%s)" % task_id
    answer = "42" if correct else "41"
    step = Step(chat_completions=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
                thought="let me think", action=Action(action=answer), model_response=answer, observation=question,
                reward=1.0 if correct else 0.0, done=True)
    traj = Trajectory(name="solver", task={"question": question, "data_source": "gsm8k"}, steps=[step], reward=step.reward)
    return Episode(id="%s:%d" % (task_id, rollout_idx), task={"question": question}, is_correct=correct,
                   trajectories=[traj], metrics={"solver_acc": step.reward})


def groups_of(episodes):
    by_name = {}
    for ep in episodes:
        for traj in ep.trajectories:
            key = "%s:%s" % (ep.task_id, traj.name)
            trajs, meta = by_name.setdefault(key, ([], []))
            trajs.append(traj)
            meta.append({"task_id": ep.task_id, "rollout_idx": ep.rollout_idx})
    return [TrajectoryGroup(trajectories=t, group_id=k, metadata=m) for k, (t, m) in by_name.items()]


def main():
    out = {}
    ui = UILogger("rllm-real", "grpo-real", {"trainer": {"total_epochs": 1}})
    out["training"] = ui.session_id
    print("a line for the TeeStream")
    eps = [episode("task%d" % t, r, r <= t) for t in range(2) for r in range(3)]
    ui.log({"actor/entropy": 0.5, "critic/score/mean": 0.5}, step=1, episodes=eps, trajectory_groups=groups_of(eps))
    ui.finish()

    ev = UILogger("gsm8k", "eval-real", {"model": "m"}, session_type="eval")
    out["eval"] = ev.session_id
    ev.log(data={}, step=0, episodes=[episode("gsm%d" % t, 0, t != 1) for t in range(3)])
    items = [EvalItem(idx=t, reward=float(t != 1), is_correct=t != 1) for t in range(3)]
    ev.log_eval_result(EvalResult.from_items("gsm8k", "m", "react", items))
    ev.finish()
    sys.__stdout__.write(json.dumps(out))


if __name__ == "__main__":
    main()
