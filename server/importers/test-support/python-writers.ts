/**
 * Python preludes for the importer tests: they write rollout and log files
 * with the trainers' own code (or, where that code cannot load without a GPU
 * stack, exactly as it writes them), to be run with `runPython` from the test venv.
 */

/**
 * `write_generations(inputs, outputs, gts, scores, reward_extra_infos_dict, dump_path, global_steps)`:
 * verl 0.9.1's own `RayPPOTrainer._write_generations` (the writer of `rollout_data_dir` /
 * `validation_data_dir`), compiled from the installed wheel's source. Importing
 * `verl.trainer.ppo.ray_trainer` needs torch and ray, so only that static method's
 * definition is taken from the file; it uses nothing but `os` and `json`.
 */
export const VERL_WRITER = `
import ast, importlib.util, json, os, pathlib
_spec = importlib.util.find_spec("verl")
_source_path = pathlib.Path(list(_spec.submodule_search_locations)[0]) / "trainer" / "ppo" / "ray_trainer.py"
_tree = ast.parse(_source_path.read_text())
_trainer = next(n for n in ast.walk(_tree) if isinstance(n, ast.ClassDef) and n.name == "RayPPOTrainer")
_fn = next(n for n in _trainer.body if isinstance(n, ast.FunctionDef) and n.name == "_write_generations")
_fn.decorator_list = []
_ns = {"os": os, "json": json}
exec(compile(ast.Module(body=[_fn], type_ignores=[]), str(_source_path), "exec"), _ns)
write_generations = _ns["_write_generations"]
`;

/**
 * \`write_trl_completions(output_dir, step, prompts, completions, rewards, extra, advantages)\`:
 * the completions table of TRL's \`GRPOTrainer.log\` (trl main, July 2026): a pandas DataFrame
 * of \`step\`, \`prompt\`, \`completion\`, one column per reward function, the \`log_extra\`
 * columns and \`advantage\`, built from deques as TRL keeps its logs, written with
 * \`DataFrame.to_parquet\` defaults to \`completions/completions_<step:05d>.parquet\`.
 * TRL itself needs torch, so the table is built here the same way.
 */
export const TRL_WRITER = `
import os
from collections import deque
import pandas as pd

def write_trl_completions(output_dir, step, prompts, completions, rewards, extra, advantages, **to_parquet):
    n = len(prompts)
    table = {
        "step": [step] * n,
        "prompt": deque(prompts),
        "completion": deque(completions),
        **{name: deque(values) for name, values in rewards.items()},
        **{name: deque(values) for name, values in extra.items()},
        "advantage": deque(advantages),
    }
    os.makedirs(os.path.join(output_dir, "completions"), exist_ok=True)
    path = os.path.join(output_dir, "completions", f"completions_{step:05d}.parquet")
    pd.DataFrame(table).to_parquet(path, **to_parquet)
    return path
`;

/**
 * \`write_tensor_scalar(writer, tag, value, step, double=False)\`: a scalar as
 * torch.utils.tensorboard writes it with \`new_style=True\` (a one-element
 * \`TensorProto\` with the \`scalars\` plugin), through a tensorboardX writer.
 */
export const TENSORBOARD_WRITER = `
from tensorboardX import SummaryWriter
from tensorboardX.proto.summary_pb2 import Summary, SummaryMetadata
from tensorboardX.proto.tensor_pb2 import TensorProto

def write_tensor_scalar(writer, tag, value, step, double=False):
    tensor = TensorProto(double_val=[value], dtype="DT_DOUBLE") if double else TensorProto(float_val=[value], dtype="DT_FLOAT")
    metadata = SummaryMetadata(plugin_data=SummaryMetadata.PluginData(plugin_name="scalars"))
    writer._get_file_writer().add_summary(Summary(value=[Summary.Value(tag=tag, tensor=tensor, metadata=metadata)]), step)
`;
