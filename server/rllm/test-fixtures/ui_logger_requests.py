"""Sends the HTTP requests rllm's UI logger sends, in its order and shapes, with its client.

rllm is not on PyPI, so the tests cannot install its UILogger. This script replays what
rllm/utils/tracking.py (UILogger, TeeStream; rllm-org/rllm at 9beb6e0f) sends: an
httpx.Client(base_url=RLLM_UI_URL, headers={"X-API-Key": RLLM_API_KEY}); episodes as
`Episode.model_dump(mode="json")` with `id` popped into `episode_id` and each step cut to
the base schema (thought / model_response / observation folded into its metadata);
trajectory groups as `_build_trajectory_groups` forms them. Prints what it learnt as JSON.
"""

import json
import os
import sys
from datetime import datetime, timezone

import httpx

BASE_STEP_KEYS = {"id", "input", "output", "action", "reward", "done", "metadata"}
PROMOTE_TO_METADATA = {"thought", "model_response", "observation"}


def client():
    headers = {}
    if os.environ.get("RLLM_API_KEY"):
        headers["X-API-Key"] = os.environ["RLLM_API_KEY"]
    return httpx.Client(base_url=os.environ["RLLM_UI_URL"], timeout=5.0, headers=headers)


def training_step(i, reward, question, answer):
    """A training Step as model_dump(mode="json") writes it (the fields rllm then strips included)."""
    return {
        "id": "step-%s-%d" % (answer, i), "input": None, "output": None, "action": {"action": answer},
        "reward": reward, "done": True, "metadata": None, "prompt_ids": [1, 2], "response_ids": [3],
        "logprobs": [-0.1], "routing_matrices": None,
        "chat_completions": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
        "observation": question if i == 0 else None, "thought": "let me think", "model_response": answer,
        "model_output": None, "mc_return": 0.0, "advantage": None, "weight_version": None,
    }


def episode(task_id, rollout_idx, correct, data_source="gsm8k"):
    question = "What is 6 * 7? (%s)" % task_id
    answer = "42" if correct else "41"
    reward = 1.0 if correct else 0.0
    return {
        "id": "%s:%d" % (task_id, rollout_idx), "task": {"question": question, "data_source": data_source},
        "termination_reason": "ENV_DONE", "is_correct": correct, "session_id": None,
        "trajectories": [{
            "uid": "traj-%s-%d" % (task_id, rollout_idx), "name": "solver",
            "task": {"question": question, "data_source": data_source},
            "steps": [training_step(0, reward, question, answer)], "reward": reward, "input": None, "output": None,
            "signals": {"accuracy": reward}, "metadata": None,
        }],
        "artifacts": {}, "metrics": {"solver_acc": reward}, "metadata": {},
    }


def episode_payload(ep, session_id, session_type, step):
    """UILogger.log's serialisation of one episode."""
    ep = json.loads(json.dumps(ep))
    ep["session_id"] = session_id
    ep["session_type"] = session_type
    ep["step"] = step
    ep["episode_id"] = ep.pop("id")
    for traj in ep.get("trajectories", []):
        for s in traj.get("steps", []):
            meta = s.get("metadata") or {}
            for key in PROMOTE_TO_METADATA:
                val = s.get(key)
                if val:
                    meta[key] = val
            if meta:
                s["metadata"] = meta
            for key in list(s.keys()):
                if key not in BASE_STEP_KEYS:
                    del s[key]
    return ep


def group_payloads(episodes, session_id, step):
    """_build_trajectory_groups + UILogger.log's serialisation of the groups."""
    groups = {}
    for ep in episodes:
        task_id, rollout_idx = ep["id"].split(":")
        for traj in ep["trajectories"]:
            g = groups.setdefault("%s:%s" % (task_id, traj["name"]), {"rewards": [], "metadata": []})
            g["rewards"].append(traj["reward"])
            g["metadata"].append({"task_id": task_id, "rollout_idx": rollout_idx})
    return [{
        "session_id": session_id, "step": step, "group_id": gid, "num_trajectories": len(g["rewards"]),
        "avg_reward": sum(g["rewards"]) / len(g["rewards"]),
        "metadata": [{"episode_id": "%s:%s" % (m["task_id"], m["rollout_idx"])} for m in g["metadata"]],
    } for gid, g in groups.items()]


def create_session(c, project, experiment, config, session_type):
    r = c.post("/api/sessions", json={"project": project, "experiment": experiment, "config": config,
                                      "source_metadata": {"workflow_name": "SimpleWorkflow"}, "session_type": session_type})
    r.raise_for_status()
    data = r.json()
    session_id = data.get("id") or data.get("session_id")
    c.post("/api/sessions/%s/heartbeat" % session_id)
    return session_id


def send_logs(c, session_id, lines, stream="stdout"):
    now = datetime.now(timezone.utc).isoformat()
    logs = [{"session_id": session_id, "timestamp": now, "stream": stream, "message": line} for line in lines]
    return c.post("/api/logs/batch", json={"session_id": session_id, "logs": logs})


def training_session(c, out):
    sid = create_session(c, "rllm-math", "grpo-qwen", {"trainer": {"total_epochs": 1}, "algorithm": {"adv_estimator": "grpo"}}, "training")
    out["training"] = sid
    out["logs"] = send_logs(c, sid, ["epoch 0, step 1 started", "loading model"]).status_code
    for step in (1, 2):
        # 2 tasks x 4 rollouts each; rollout r of task t is correct when r < t + 1 + step.
        eps = [episode("task%d-s%d" % (t, step), r, r < t + 1 + step) for t in range(2) for r in range(4)]
        metrics = {"actor/entropy": 0.5 / step, "critic/score/mean": 0.25 * step, "val/gsm8k/pass@1": 0.3, "time/step": 12.5,
                   "note": "strings are not metrics"}
        r = c.post("/api/metrics", json={"session_id": sid, "step": step, "data": metrics})
        out.setdefault("metrics", []).append(r.json())
        r = c.post("/api/episodes/batch", json={"session_id": sid, "episodes": [episode_payload(e, sid, "training", step) for e in eps]})
        r.raise_for_status()
        out.setdefault("episodes", []).append(r.json())
        r = c.post("/api/trajectory-groups/batch", json={"session_id": sid, "groups": group_payloads(eps, sid, step)})
        r.raise_for_status()
        out.setdefault("groups", []).append(r.json())
    # rllm's fallback after a failed batch request posts the episodes one by one: stored once all the same.
    again = [episode("task0-s2", r, r < 3) for r in range(4)]
    out["fallback"] = [c.post("/api/episodes", json=episode_payload(e, sid, "training", 2)).json() for e in again]
    out["fallbackGroup"] = c.post("/api/trajectory-groups", json=group_payloads(again, sid, 2)[0]).json()
    r = c.post("/api/sessions/%s/complete" % sid, json={"status": "completed", "exit_code": 0})
    out["complete"] = r.status_code
    out["completeAgain"] = c.post("/api/sessions/%s/complete" % sid, json={"status": "completed", "exit_code": 0}).status_code


def eval_session(c, out):
    sid = create_session(c, "gsm8k", "qwen_react_20260101", {"model": "qwen", "agent": "react", "benchmark": "gsm8k", "split": "test"}, "eval")
    out["eval"] = sid
    # `rllm eval` with attempts=2: two rollouts per task, one request of buffered episodes at step 0.
    eps = [episode("gsm%d" % t, a, (t + a) % 3 != 0, data_source="gsm8k") for t in range(3) for a in range(2)]
    c.post("/api/episodes/batch", json={"session_id": sid, "episodes": [episode_payload(e, sid, "eval", 0) for e in eps]}).raise_for_status()
    items = [{"idx": t, "reward": 1.0 if (t + a) % 3 != 0 else 0.0, "is_correct": (t + a) % 3 != 0, "error": None, "signals": {}}
             for t in range(3) for a in range(2)]
    correct = sum(i["is_correct"] for i in items)
    r = c.post("/api/eval-results", json={
        "session_id": sid, "dataset_name": "gsm8k", "model": "qwen", "agent": "react", "score": correct / len(items),
        "total": len(items), "correct": correct, "errors": 0, "signal_averages": {"accuracy": correct / len(items)}, "items": items,
    })
    out["evalResult"] = r.json()
    out["evalComplete"] = c.post("/api/sessions/%s/complete" % sid, json={"status": "failed", "exit_code": 3}).status_code


def main():
    out = {}
    with client() as c:
        training_session(c, out)
        eval_session(c, out)
        out["noKey"] = httpx.post(os.environ["RLLM_UI_URL"].rstrip("/") + "/api/sessions",
                                  json={"project": "p", "experiment": "e", "config": {}}).json()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
