import { Command, Option } from "commander";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configFromEnv } from "@/server/config";
import { startServer } from "@/server/http/start-server";

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const program = new Command()
  .name("skillboard")
  .description("Dashboard and experiment tracker for joint RL over atomic coding skills");

function serverCommand(name: string, description: string) {
  return program
    .command(name)
    .description(description)
    .addOption(new Option("-p, --port <port>", "port to listen on").env("PORT").default("3000"))
    .addOption(new Option("--host <host>", "address to bind").env("HOST").default("0.0.0.0"))
    .addOption(new Option("-d, --data-dir <dir>", "where the SQLite file and blobs live").env("SKILLBOARD_DATA_DIR").default("./data"))
    .option("--dev", "Next.js dev mode (hot reload)")
    .option("--api-only", "serve REST v1 only, without the pages (no build needed)")
    .action(async (opts: { port: string; host: string; dataDir: string; dev?: boolean; apiOnly?: boolean }) => {
      const config = { ...configFromEnv(), port: Number(opts.port), host: opts.host, dataDir: path.resolve(opts.dataDir) };
      const server = await startServer({ config, rootDir, dev: opts.dev, apiOnly: opts.apiOnly });
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        console.log("Stopping…");
        await server.close();
        process.exit(0);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
}

serverCommand("server", "start the dashboard and REST API");
serverCommand("up", "start the dashboard with the embedded SQLite default");

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

program.parseAsync().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
