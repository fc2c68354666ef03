import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Starts `bin/skillboard server` as its own process (as users run it) and resolves once it listens.
 * `profileDir`: run cli/main.ts under `node --cpu-prof` instead (NODE_OPTIONS may not carry it, and
 * the script would hide the flag); the server's CPU profile lands there when it stops. The dashboard
 * is not built in that mode, so pair it with `apiOnly`.
 */
export async function spawnServer(opts: {
  dataDir: string;
  apiKey: string;
  apiOnly?: boolean;
  env?: Record<string, string>;
  profileDir?: string;
}): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const args = ["server", "--host", "127.0.0.1", "--port", "0", "--data-dir", opts.dataDir];
  if (opts.apiOnly) args.push("--api-only");
  const env = { ...process.env, ...opts.env, SKILLBOARD_API_KEY: opts.apiKey };
  const proc = opts.profileDir
    ? spawn(
        process.execPath,
        ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`, "--import", path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs"), path.join(REPO_ROOT, "cli/main.ts"), ...args],
        { cwd: REPO_ROOT, env: { ...env, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, "tsconfig.json"), NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "pipe", "inherit"] },
      )
    : spawn(path.join(REPO_ROOT, "bin/skillboard"), args, { env, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    proc,
    stop: () =>
      new Promise((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}
