import { Command, Option } from "commander";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnv, DEFAULT_HOST } from "@/server/config";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const program = new Command()
  .name("skillboard")
  .description("Dashboard and experiment tracker for joint RL over atomic coding skills");

const PASS_ENV_HELP =
  "also pass this variable of the worker's environment to jobs (repeatable; comma-separated; PREFIX* for a prefix; also SKILLBOARD_PASS_ENV). Jobs get only an allow-list (PATH, HOME, LANG, CUDA_*, HF_*, …: workers/agent/job-env.ts) besides the recipe's env";
const collectNames = (value: string, previous: string[]) => [...previous, value];

function serverCommand(name: string, description: string, withWorker: boolean) {
  const command = program
    .command(name)
    .description(description)
    .addOption(new Option("-p, --port <port>", "port to listen on").env("PORT").default("3000"))
    .addOption(new Option("--host <host>", "address to bind (0.0.0.0: every interface, for workers on other hosts)").env("HOST").default(DEFAULT_HOST))
    .addOption(new Option("-d, --data-dir <dir>", "where the SQLite file and blobs live").env("SKILLBOARD_DATA_DIR").default("./data"))
    .option("--dev", "Next.js dev mode (hot reload)")
    .option("--api-only", "serve REST v1 only, without the pages (no build needed)")
    .option("--require-sign-in", "pages and tRPC only for a signed-in browser (admin or viewer key); also SKILLBOARD_REQUIRE_SIGN_IN=1");
  if (withWorker) {
    command
      .option("--no-worker", "start no local worker")
      .option("--gpus <gpus>", "GPUs the local worker hands to jobs: auto, none, or indices like 0,1", "auto")
      .option("--max-jobs <n>", "jobs the local worker runs at once", "2")
      .option("--pass-env <names>", PASS_ENV_HELP, collectNames, []);
  }
  command.action(
    async (opts: { port: string; host: string; dataDir: string; dev?: boolean; apiOnly?: boolean; requireSignIn?: boolean; worker?: boolean; gpus?: string; maxJobs?: string; passEnv?: string[] }) => {
      const env = configFromEnv();
      const config = { ...env, port: Number(opts.port), host: opts.host, dataDir: path.resolve(opts.dataDir), requireSignIn: Boolean(opts.requireSignIn || env.requireSignIn) };
      // Loaded on demand: the database layer is not needed by `worker` or `sync`, which start faster without it.
      const { startServer } = await import("@/server/http/start-server");
      const server = await startServer({ config, rootDir, dev: opts.dev, apiOnly: opts.apiOnly });
      const localUrl = `http://127.0.0.1:${server.port}`;
      let worker: { stop(opts?: { onStop?: "wait" | "handback" }): Promise<void> } | undefined;
      if (withWorker && opts.worker !== false) {
        const { startWorker } = await import("@/workers/agent/agent");
        const { ensureLocalWorkerKey } = await import("@/server/auth/local-worker-key");
        worker = await startWorker({
          url: localUrl,
          // A worker key of its own, never the admin key; its runs get their job tokens.
          apiKey: ensureLocalWorkerKey(server.app.db, config.dataDir),
          passEnv: opts.passEnv,
          pool: "local",
          gpus: opts.gpus,
          maxJobs: Number(opts.maxJobs ?? 1),
          workDir: path.join(config.dataDir, "work"),
          rootDir,
          log: (line) => console.log(`[worker] ${line}`),
        });
        console.log(`Local worker started (pool 'local', up to ${opts.maxJobs} jobs at once).`);
      }
      if (!opts.apiOnly) {
        // A single-use link, never the key: logs and shell history keep nothing that signs in later.
        const { signInLinkLine } = await import("@/server/auth/sign-in-links");
        console.log(signInLinkLine(server.app.db, server.adminKey, server.url, `skillboard ${name}`));
      }
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        console.log("Stopping…");
        // Runs of the embedded worker are handed back, so the next start picks them up again.
        await worker?.stop({ onStop: "handback" });
        await server.close();
        process.exit(0);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
  );
}

serverCommand("server", "start the dashboard and REST API", false);
serverCommand("up", "start the dashboard and a local worker on the embedded SQLite default", true);

program
  .command("sign-in-link")
  .description("print a single-use link (valid 10 minutes) that signs a browser in to a running server as its admin key")
  .addOption(new Option("-d, --data-dir <dir>", "the server's data dir").env("SKILLBOARD_DATA_DIR").default("./data"))
  .addOption(new Option("--url <url>", "the server's URL as the browser reaches it").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .action(async (opts: { dataDir: string; url: string }) => {
    const { printSignInLink } = await import("./sign-in-link");
    process.exitCode = printSignInLink({ dataDir: path.resolve(opts.dataDir), url: opts.url, apiKey: process.env.SKILLBOARD_API_KEY || undefined });
  });

program
  .command("sync")
  .description("upload spooled or offline runs written by the SDKs")
  .argument("<dir>", "a spool folder (default location: .skillboard/spool)")
  .addOption(new Option("--url <url>", "server URL").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .addOption(new Option("--api-key <key>", "API key").env("SKILLBOARD_API_KEY"))
  .action(async (dir: string, opts: { url: string; apiKey?: string }) => {
    const { syncSpoolDir } = await import("@/sdk/ts/src/sync");
    const result = await syncSpoolDir(dir, { url: opts.url, apiKey: opts.apiKey, log: (l: string) => console.log(l) });
    if (result.failed > 0) process.exit(1);
  });

program
  .command("import")
  .description("import agent logs (SWE-agent .traj, mini-swe-agent .traj.json, OpenHands output.jsonl, chat-message JSONL) and trainer dumps (verl rollout JSONL, TRL completions parquet, TensorBoard events)")
  .argument("<files...>", "the files (or folders: their *.jsonl, *.parquet, events.out.tfevents.*); each one's format is detected from its content")
  .option("--run <id>", "import into this existing run")
  .option("--new <name>", "create a run with this name and import into it")
  .option("--project <project>", "project of the run --new creates")
  .option("--group <group>", "group of the run --new creates")
  .option("--skill <skill>", "skill to file the trajectories under (default: the file's, else 'imported')")
  .option("--step <step>", "training step to file them under (default: the file's, else 0)")
  .addOption(new Option("--url <url>", "server URL").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .addOption(new Option("--api-key <key>", "API key").env("SKILLBOARD_API_KEY"))
  .action(async (files: string[], opts: { run?: string; new?: string; project?: string; group?: string; skill?: string; step?: string; url: string; apiKey?: string }) => {
    const { importFiles } = await import("./import");
    process.exitCode = await importFiles(files, opts);
  });

program
  .command("watch")
  .description("follow a trainer's output folder (verl rollout/validation JSONL, TRL completions parquet, TensorBoard events) and send new records to a run as they are written")
  .argument("<dir>", "the folder to follow (subfolders included)")
  .option("--run <id>", "send to this existing run")
  .option("--new <name>", "create a run with this name (a restart with the same name goes on with it)")
  .option("--project <project>", "project of the run --new creates")
  .option("--group <group>", "group of the run --new creates")
  .option("--skill <skill>", "skill to file trajectories under (default: a data source naming a project skill, else 'imported')")
  .option("--state <file>", "where the offsets sent so far are kept (default DIR/.skillboard-watch.json)")
  .option("--poll <ms>", "how often to look for new files and lines", "2000")
  .option("--once", "send what is complete now, then exit")
  .option("--finish", "mark the run succeeded when the watch stops")
  .addOption(new Option("--url <url>", "server URL").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .addOption(new Option("--api-key <key>", "API key").env("SKILLBOARD_API_KEY"))
  .action(
    async (dir: string, opts: { run?: string; new?: string; project?: string; group?: string; skill?: string; state?: string; poll: string; once?: boolean; finish?: boolean; url: string; apiKey?: string }) => {
      const { watchFolder } = await import("./watch");
      const stop = new AbortController();
      let signals = 0;
      const onSignal = () => {
        // The first signal stops after the request in flight (its position is kept); a second one exits at once.
        if (++signals > 1) process.exit(130);
        stop.abort();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      await watchFolder({ ...opts, dir, pollMs: Number(opts.poll), signal: stop.signal });
    },
  );

program
  .command("worker")
  .description("run a worker agent: lease launched jobs of a pool and run them on this host")
  .addOption(new Option("--url <url>", "server URL").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .addOption(new Option("--api-key <key>", "API key (role worker; never passed to jobs)").env("SKILLBOARD_API_KEY"))
  .option("--pool <pool>", "the pool to take jobs from", "local")
  .option("--gpus <gpus>", "GPUs to hand to jobs: auto, none, or indices like 0,1", "auto")
  .option("--max-jobs <n>", "jobs to run at once", "1")
  .option("--work-dir <dir>", "where each run gets its folder", "./data/work")
  .addOption(new Option("--on-stop <mode>", "on SIGTERM/SIGINT: wait for running jobs, or stop them and hand them back").choices(["wait", "handback"]).default("wait"))
  .option("--id <id>", "worker id (default <hostname>-<pid>-<random>)")
  .option("--cancel-grace <seconds>", "SIGTERM → SIGKILL grace when a run is canceled", "30")
  .option("--pass-env <names>", PASS_ENV_HELP, collectNames, [])
  .action(
    async (opts: { url: string; apiKey?: string; pool: string; gpus: string; maxJobs: string; workDir: string; onStop: "wait" | "handback"; id?: string; cancelGrace: string; passEnv: string[] }) => {
      const { startWorker } = await import("@/workers/agent/agent");
      const worker = await startWorker({
        url: opts.url,
        apiKey: opts.apiKey,
        pool: opts.pool,
        gpus: opts.gpus,
        maxJobs: Number(opts.maxJobs),
        workDir: opts.workDir,
        onStop: opts.onStop,
        id: opts.id,
        cancelGraceMs: Number(opts.cancelGrace) * 1000,
        passEnv: opts.passEnv,
      });
      let signals = 0;
      const stop = () => {
        // A second signal while waiting for runs hands them back instead.
        void worker.stop({ onStop: ++signals > 1 ? "handback" : opts.onStop });
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      await worker.stopped;
      process.exit(0);
    },
  );

program
  .command("exec")
  .description("the in-job wrapper of Slurm and Ray pools: run a launched run's command inside the allocation, streaming its output and metrics to the run")
  .requiredOption("--run <id>", "the run this process belongs to")
  .option("--run-dir <dir>", "the run's folder on this node (output is buffered under it)", ".")
  .option("--cwd <dir>", "working directory of the process (default: the run's folder)")
  .addOption(new Option("--url <url>", "server URL").env("SKILLBOARD_URL").default("http://localhost:3000"))
  .addOption(new Option("--api-key <key>", "API key").env("SKILLBOARD_API_KEY"))
  .argument("<argv...>", "the command and its arguments, after --")
  .action(async (argv: string[], opts: { run: string; runDir: string; cwd?: string; url: string; apiKey?: string }) => {
    const { runInJob } = await import("@/workers/in-job-wrapper");
    // Exits as the process did, so the scheduler records the job's end (COMPLETED / FAILED and the code) as the run's.
    process.exit(await runInJob({ runId: opts.run, argv, runDir: opts.runDir, cwd: opts.cwd, url: opts.url, apiKey: opts.apiKey }));
  });

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
