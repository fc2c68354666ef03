import { spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "../spawn-server";

/**
 * `bin/skillboard server` started the way the script starts it, but with
 * `node --cpu-prof` (NODE_OPTIONS may not carry it): the server's CPU profile
 * lands in `profileDir` when it stops. For finding what bounds a benchmark.
 */
export async function spawnProfiledServer(opts: { dataDir: string; apiKey: string; apiOnly: boolean; profileDir: string }) {
  const args = [
    "--cpu-prof",
    `--cpu-prof-dir=${opts.profileDir}`,
    "--import",
    path.join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs"),
    path.join(REPO_ROOT, "cli/main.ts"),
    "server",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--data-dir",
    opts.dataDir,
    ...(opts.apiOnly ? ["--api-only"] : []),
  ];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, SKILLBOARD_API_KEY: opts.apiKey, TSX_TSCONFIG_PATH: path.join(REPO_ROOT, "tsconfig.json"), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
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
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}
