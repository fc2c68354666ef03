import { spawn } from "node:child_process";
import path from "node:path";

/**
 * Runs one phase of a Python driver (bench/peers/<tool>_driver.py) and returns the JSON it prints last.
 * The driver times only its calls to the tool's client; interpreter start-up and imports are outside the clock.
 */
export function runDriver<T>(python: string, tool: string, phase: string, args: Record<string, unknown>, env: Record<string, string>): Promise<T> {
  const script = path.join(import.meta.dirname, `${tool}_driver.py`);
  return new Promise((resolve, reject) => {
    const proc = spawn(python, [script, phase, JSON.stringify(args)], {
      cwd: import.meta.dirname,
      env: { ...process.env, ...env, PYTHONUNBUFFERED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
    proc.once("error", reject);
    proc.once("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${tool} ${phase} exited with ${code}:\n${err.slice(-4000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${tool} ${phase} printed no JSON result:\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      }
    });
  });
}
