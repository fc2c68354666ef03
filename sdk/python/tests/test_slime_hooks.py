"""slime's rollout log hooks against a real server, called as slime calls them."""

from __future__ import annotations

import importlib
import os

from skillboard.integrations import slime as slime_hooks
from skillboard.integrations._hook_run import HookRun

from .helpers import ServerTestCase
from .slime_samples import Sample, slime_args


def load_function(path: str):
    """slime.utils.misc.load_function: how slime resolves --custom-*-log-function-path."""
    module_path, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module_path), attr)


def training_samples(rollout_id: int) -> list:
    """2 prompts x 4 samples, as slime's data source makes them (consecutive index, shared group_index)."""
    samples = []
    for g in range(2):
        group_index = rollout_id * 2 + g
        for k in range(4):
            meta = {"skill": "editing", "instance_id": "django-%d" % g} if g == 0 else {"source_name": "localization"}
            s = Sample(group_index=group_index, index=group_index * 4 + k, prompt="Fix issue %d" % g, response="patch %d" % k,
                       response_length=10 + k, label="gt", reward=1.0 if k < 2 + g else 0.0, metadata=meta,
                       status=Sample.Status.TRUNCATED if k == 3 else Sample.Status.COMPLETED)
            samples.append(s)
    # A multi-turn sample: its conversation in metadata["messages"].
    samples[4].metadata = dict(samples[4].metadata, messages=[
        {"role": "user", "content": "Find the files"}, {"role": "assistant", "content": "grep -r bug"},
        {"role": "tool", "content": "a.py:3"}, {"role": "assistant", "content": "a.py"},
    ])
    return samples


def eval_data() -> dict:
    """eval_rollout_single_dataset's result: {name: {rewards, truncated, samples}}, samples by index."""
    samples = []
    for p in range(3):
        for a in range(2):
            samples.append(Sample(index=p * 2 + a, prompt=[{"role": "user", "content": "Task %d" % p}], response="r",
                                  reward={"score": 1.0 if (p + a) % 2 == 0 else -1.0}, status=Sample.Status.COMPLETED))
    return {
        "swe_verified": {"rewards": [s.reward["score"] for s in samples], "truncated": [False] * 6, "samples": samples},
        "aime": {"rewards": [1.0, 0.0, 1.0, 1.0]},
    }


class SlimeHooksTest(ServerTestCase):
    def setUp(self) -> None:
        super().setUp()
        slime_hooks._hook = HookRun()
        os.environ.update(SKILLBOARD_URL=self.server.url, SKILLBOARD_API_KEY=self.server.key, SKILLBOARD_SPOOL_DIR=self.spool)

    def test_rollouts_and_evals_land_as_trajectories_groups_metrics_and_avg_at_k(self) -> None:
        args = slime_args(wandb_project="slime-proj", wandb_group="grpo-joint", n_samples_per_eval_prompt=2, eval_reward_key="score")
        log_rollout = load_function(args.custom_rollout_log_function_path)
        log_eval = load_function(args.custom_eval_rollout_log_function_path)

        # train.py: eval before training, then rollout 0, rollout 1 (the last), and an eval after it.
        self.assertFalse(log_eval(0, args, eval_data(), {"eval/extra": 0.5}))
        self.assertFalse(log_rollout(0, args, training_samples(0), {"rollout/custom": 3.0}, 12.5))
        run_id = slime_hooks._hook.current.id
        self.assertEqual(self.server.get("/api/v1/runs/" + run_id)["status"], "running")
        self.assertFalse(log_rollout(1, args, training_samples(1), None, 10.0))
        self.assertEqual(self.server.get("/api/v1/runs/" + run_id)["status"], "succeeded")
        self.assertFalse(log_eval(1, args, eval_data(), None))  # after the finish: the same run again

        info = self.server.get("/api/v1/runs/" + run_id)
        self.assertEqual((info["project"], info["group"], info["status"], info["tags"]), ("slime-proj", "grpo-joint", "succeeded", ["slime"]))
        self.assertEqual(info["config"]["n_samples_per_prompt"], 4)

        trajs = self.server.trajectories(run_id)
        train = [t for t in trajs if not t["groupKey"].startswith("eval:")]
        self.assertEqual(len(train), 16)
        group = sorted((t for t in train if t["step"] == 1 and t["groupKey"] == "2"), key=lambda t: t["sampleIndex"])
        self.assertEqual([(t["sampleIndex"], t["reward"], t["passed"], t["skill"], t["taskId"]) for t in group],
                         [(0, 1.0, True, "editing", "django-0"), (1, 1.0, True, "editing", "django-0"),
                          (2, 0.0, False, "editing", "django-0"), (3, 0.0, False, "editing", "django-0")])
        loc = [t for t in train if t["groupKey"] == "1"]
        self.assertEqual({t["skill"] for t in loc}, {"localization"})
        self.assertTrue(all(t["taskId"].startswith("prompt-") for t in loc))
        multi = next(t for t in loc if t["sampleIndex"] == 0)
        self.assertEqual(multi["numSteps"], 2)
        body = self.server.get("/api/v1/trajectories/%d" % multi["id"])["trajectory"]
        self.assertEqual([turn["role"] for turn in body["turns"]], ["user", "assistant", "tool", "assistant"])
        single = self.server.get("/api/v1/trajectories/%d" % group[3]["id"])["trajectory"]
        self.assertEqual(single["turns"], [{"role": "user", "content": "Fix issue 0"}, {"role": "assistant", "content": "patch 3", "tokens": 13}])
        self.assertEqual(single["verifier"], {"status": "truncated", "label": "gt"})
        self.assertEqual(single["metadata"]["rolloutId"], 1)

        s = self.server.series(run_id, "skill/editing/pass@1", "skill/localization/pass@1", "skill/editing/avg_steps",
                               "rollout/custom", "perf/rollout_time", "rollout/truncated_ratio", "eval/aime", "eval/extra")
        self.assertEqual([(p["step"], p["value"]) for p in s["skill/editing/pass@1"]], [(0, 0.5), (1, 0.5)])
        self.assertEqual([p["value"] for p in s["skill/localization/pass@1"]], [0.75, 0.75])
        self.assertEqual(s["skill/editing/avg_steps"][0]["value"], 1.0)
        self.assertEqual([(p["step"], p["value"]) for p in s["rollout/custom"]], [(0, 3.0)])
        self.assertEqual([p["value"] for p in s["perf/rollout_time"]], [12.5, 10.0])
        self.assertEqual(s["rollout/truncated_ratio"][0]["value"], 0.25)
        self.assertEqual([(p["step"], p["value"]) for p in s["eval/aime"]], [(0, 0.75), (1, 0.75)])
        self.assertEqual([p["step"] for p in s["eval/extra"]], [0])

        evals = self.server.get("/api/v1/runs/%s/evals" % run_id)["benchmarks"]
        # swe_verified: 3 prompts x 2 attempts, score > 0 passes: attempt 0 passes prompts 0 and 2, attempt 1 prompt 1.
        self.assertEqual([(e["step"], e["attempts"], round(e["avg"], 6)) for e in evals["swe_verified"]], [(0, 2, 0.5), (1, 2, 0.5)])
        self.assertEqual([(e["min"], e["max"]) for e in evals["swe_verified"]][0], (1 / 3, 2 / 3))
        # aime has rewards only: n_samples_per_eval_prompt = 2 consecutive rewards per prompt.
        self.assertEqual([(e["attempts"], e["avg"]) for e in evals["aime"]], [(2, 0.75), (2, 0.75)])
        evals_t = sorted((t for t in trajs if t["groupKey"].startswith("eval:swe_verified:") and t["step"] == 0),
                         key=lambda t: (t["groupKey"], t["sampleIndex"]))
        self.assertEqual(len(evals_t), 6)
        self.assertEqual({t["skill"] for t in evals_t}, {"swe_verified"})
        self.assertEqual(sorted(t["sampleIndex"] for t in evals_t), [0, 0, 0, 1, 1, 1])

    def test_train_step_numbering_and_dict_rewards_by_reward_key(self) -> None:
        args = slime_args(wandb_always_use_train_step=True, global_batch_size=4, reward_key="acc_reward", num_rollout=10)
        samples = [Sample(group_index=0, index=i, prompt="p", response="r", reward={"acc_reward": float(i % 2), "format": 1.0})
                   for i in range(4)]
        slime_hooks.log_rollout(3, args, [samples[:2], samples[2:]], {}, 1.0)  # a nested list is flattened
        run = slime_hooks._hook.current
        trajs = self.server.trajectories(run.id)
        # compute_rollout_step: 3 * rollout_batch_size 2 * n_samples_per_prompt 4 // global_batch_size 4 = 6
        self.assertEqual({t["step"] for t in trajs}, {6})
        self.assertEqual(sorted(t["reward"] for t in trajs), [0.0, 0.0, 1.0, 1.0])
        self.assertEqual({t["skill"] for t in trajs}, {"rollout"})
        body = self.server.get("/api/v1/trajectories/%d" % trajs[0]["id"])["trajectory"]
        self.assertEqual(body["verifier"]["reward"]["format"], 1.0)
        self.assertEqual(self.server.get("/api/v1/runs/" + run.id)["status"], "running")  # not the last rollout yet
        run.finish()
