import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { REPO_ROOT } from "../spawn-server";

/** The benchmark venv's python (scripts/python-bench-env.sh makes .venv-bench on first use). */
export function benchPython(): string {
  const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts/python-bench-env.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return out.trim().split("\n").pop()!;
}

/** Total size in bytes of the files under `dir` (what the store occupies on disk). */
export function folderBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `mlflow server` (SQLite backend, local artifact root) from the bench venv; resolves once /health answers. */
export async function startMlflowServer(python: string, dir: string): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  fs.mkdirSync(path.join(dir, "artifacts"), { recursive: true });
  const port = await freePort();
  const mlflow = path.join(path.dirname(python), "mlflow");
  const args = ["server", "--backend-store-uri", `sqlite:///${path.join(dir, "mlflow.db")}`, "--default-artifact-root", path.join(dir, "artifacts"), "--host", "127.0.0.1", "--port", String(port)];
  const log = fs.openSync(path.join(dir, "..", "mlflow-server.log"), "a");
  // Its own process group, so stopping it also stops its uvicorn workers.
  const proc = spawn(mlflow, args, { stdio: ["ignore", log, log], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`mlflow server exited with ${proc.exitCode}; see ${path.join(dir, "..", "mlflow-server.log")}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("mlflow server did not answer /health within 180 s");
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    proc,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        process.kill(-proc.pid!, "SIGTERM");
      }),
  };
}
