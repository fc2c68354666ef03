"""The integrations import with the standard library only: no transformers, torch or slime needed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import unittest

SDK_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def run_python(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=SDK_DIR)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=60)


class IntegrationsImportTest(unittest.TestCase):
    def test_importing_skillboard_and_the_integrations_imports_no_third_party_package(self) -> None:
        res = run_python("""
            import sys
            import skillboard
            import skillboard.integrations
            import skillboard.integrations.trl
            from skillboard.integrations.slime import log_rollout, log_eval_rollout
            heavy = sorted(m for m in ("transformers", "torch", "trl", "slime", "numpy") if m in sys.modules)
            print("loaded:", heavy)
        """)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("loaded: []", res.stdout)

    def test_the_callback_says_transformers_is_missing_only_when_used(self) -> None:
        # transformers made unimportable, whether or not this Python has it.
        res = run_python("""
            import sys
            sys.modules["transformers"] = None
            import skillboard.integrations.trl as trl
            from skillboard.integrations.trl import SkillboardCallback
            try:
                SkillboardCallback(project="p")
            except ImportError as e:
                print("ImportError:", e)
        """)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("ImportError: skillboard.integrations.trl.SkillboardCallback is a transformers TrainerCallback", res.stdout)
        self.assertIn("pip install transformers", res.stdout)

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        res = run_python("""
            import skillboard.integrations.trl as trl
            try:
                trl.NoSuchThing
            except AttributeError as e:
                print("AttributeError:", e)
        """)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("has no attribute 'NoSuchThing'", res.stdout)


if __name__ == "__main__":
    unittest.main()
