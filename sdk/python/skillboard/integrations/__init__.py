"""Hooks that log a framework's training into Skillboard without adapter code.

- ``skillboard.integrations.trl.SkillboardCallback``: a transformers ``TrainerCallback``
  (TRL's trainers and the plain ``Trainer``): ``trainer.add_callback(SkillboardCallback())``.
- ``skillboard.integrations.slime.log_rollout`` / ``log_eval_rollout``: for slime's
  ``--custom-rollout-log-function-path`` and ``--custom-eval-rollout-log-function-path``.

Importing this package (or ``skillboard``) imports no third-party package: transformers is
imported only when ``SkillboardCallback`` is first used.
"""
