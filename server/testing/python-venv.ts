import { execFileSync } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./test-server";

let cached: string | undefined;

/**
 * The python of the test virtual environment (.venv, made from requirements/python-tests*.txt by
 * scripts/python-env.sh): the real MLflow, transformers, verl, tensorboardX and pyarrow clients.
 * Makes the venv on first use; throws (never skips) when it cannot be made.
 */
export function testPython(): string {
  if (cached) return cached;
  const script = path.join(REPO_ROOT, "scripts/python-env.sh");
  try {
    cached = execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 }).trim().split("\n").at(-1)!;
  } catch (error) {
    const e = error as { stderr?: string };
    throw new Error(`scripts/python-env.sh could not make the test venv:\n${e.stderr ?? String(error)}`);
  }
  return cached;
}

/** Runs a Python script with the test venv; resolves with stdout, rejects with stderr on a non-zero exit. */
export async function runPython(code: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<string> {
  const { spawn } = await import("node:child_process");
  const python = testPython();
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", code], { env: { ...process.env, PYTHONUNBUFFERED: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`python exited ${code}:\n${err}\n${out}`));
    });
  });
}
