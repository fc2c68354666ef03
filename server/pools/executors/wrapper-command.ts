import path from "node:path";
import type { ExecutorJob } from "./executor";

const renderRunDir = (arg: string, runDir: string) => arg.split("{{run_dir}}").join(runDir);

/**
 * The in-job wrapper's command line for a job on a cluster:
 * `skillboard exec --run ID --run-dir DIR --cwd DIR -- argv…`. The run's folder
 * is `<workDir>/<run id>`; a recipe's relative `cwd` is resolved against `repoDir`.
 * `inJobDir`: the job starts in a directory of its own (a Ray job's `working_dir`):
 * the trainer runs there, and a relative `cwd` is taken from there.
 */
export function wrapperArgv(
  job: Pick<ExecutorJob, "runId" | "argv" | "cwd">,
  dirs: { runDir: string; repoDir: string; skillboard: readonly string[]; inJobDir?: boolean },
): string[] {
  const argv = job.argv.map((a) => renderRunDir(a, dirs.runDir));
  const given = job.cwd ? renderRunDir(job.cwd, dirs.runDir) : null;
  const cwd = dirs.inJobDir ? (given ?? ".") : given ? path.posix.resolve(dirs.repoDir, given) : dirs.runDir;
  return [...dirs.skillboard, "exec", "--run", job.runId, "--run-dir", dirs.runDir, "--cwd", cwd, "--", ...argv];
}
