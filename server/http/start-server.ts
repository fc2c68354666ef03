import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { startBackgroundCheckpoints } from "@/db/background-checkpoints";
import { ensureBootstrapKey } from "../auth/api-keys";
import { readCookie, resolveSession, SESSION_COOKIE } from "../auth/sessions";
import { CUSTOM_SERVER_ENV, signInGate } from "../auth/sign-in-gate";
import { renewLeasesAtStart, sweepExpiredLeases } from "../jobs/queue";
import type { ServerConfig } from "../config";
import { createAppContext, setAppContext, type AppContext } from "../context";
import { PoolReconciler } from "../pools/reconciler";
import { describeCrashSweep, sweepAfterCrash, type CrashSweepResult } from "../storage/sweep-after-crash";
import { isLoopbackHost, openReadsWarning } from "../deployment/exposure";
import { json } from "./rest";
import { serveRestRequest } from "./node-adapter";

export interface StartServerOptions {
  config: ServerConfig;
  /** Repository root: where `.next/` and `db/migrations/` live. */
  rootDir: string;
  /** Next.js dev mode (hot reload) instead of the production build. */
  dev?: boolean;
  /** Serve REST v1 only, without the Next.js pages (no build needed). */
  apiOnly?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  app: AppContext;
  /** The bootstrap admin key (env, data dir, or created at this start). */
  adminKey: string;
  /** The start's sweep of what a crash may have left on disk (orphan blobs, interrupted purges); null when it failed. */
  crashSweep: Promise<CrashSweepResult | null>;
  close(): Promise<void>;
}

/** Starts the HTTP server: REST v1 and, unless `apiOnly`, the Next.js pages and tRPC. */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const app = createAppContext(opts.config, { rootDir: opts.rootDir });
  setAppContext(app);
  const key = ensureBootstrapKey(app.db, opts.config.dataDir, opts.config.bootstrapApiKey);

  let handleNext: ((req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) | undefined;
  let closeNext: (() => Promise<void>) | undefined;
  if (!opts.apiOnly) {
    // This server gates pages and tRPC itself (below); proxy.ts, the gate of plain `next start`, stands aside.
    process.env[CUSTOM_SERVER_ENV] = "1";
    const { default: next } = await import("next");
    const nextApp = next({ dev: Boolean(opts.dev), dir: opts.rootDir, quiet: !opts.dev });
    await nextApp.prepare();
    handleNext = nextApp.getRequestHandler();
    closeNext = () => nextApp.close();
  }

  const server = http.createServer(async (req, res) => {
    try {
      const origin = `http://${req.headers.host ?? "localhost"}`;
      // REST v1 and the session routes are answered from the route table before Next.js sees the request:
      // Next's request handling cost ~30 % of ingest throughput for the same handlers.
      if (await serveRestRequest(req, res, origin)) return;
      if (!handleNext) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "not_found", message: `No route for ${req.url} (API-only server).` } }));
        return;
      }
      if (opts.config.requireSignIn) {
        const { pathname, search } = new URL(req.url ?? "/", origin);
        const role = resolveSession(app.db, readCookie(req.headers.cookie, SESSION_COOKIE))?.role;
        const gate = signInGate(pathname, search, role === "admin" || role === "viewer", { rsc: req.headers.rsc === "1" });
        if (gate.kind === "redirect") {
          res.writeHead(302, { location: gate.location, "cache-control": "no-store" });
          res.end();
          return;
        }
        if (gate.kind === "unauthorized") {
          res.writeHead(401, { "content-type": "application/json", "cache-control": "no-store" });
          res.end(JSON.stringify({ error: { code: "unauthorized", message: gate.message } }));
          return;
        }
      }
      await handleNext(req, res);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) {
        const r = json({ error: { code: "internal", message: "Internal server error." } }, 500);
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(await r.text());
      }
    }
  });
  server.keepAliveTimeout = 65_000;
  // The server was down: its workers could not heartbeat, so their leases start afresh (then expire as usual).
  renewLeasesAtStart(app.db, app.leaseMs);
  // Leases of workers that stopped heartbeating end even when no other worker asks for work.
  const sweeper = setInterval(() => {
    try {
      sweepExpiredLeases(app.db);
    } catch (error) {
      console.error("lease sweep failed:", error);
    }
  }, Math.min(2000, app.leaseMs / 3));
  sweeper.unref();
  const checkpoints = startBackgroundCheckpoints(app.db.$client, { log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.config.port, opts.config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.config.host === "0.0.0.0" ? "localhost" : opts.config.host}:${port}`;
  log(`Skillboard listening on ${url} (data: ${opts.config.dataDir})`);
  const crashSweep = sweepAfterCrash({ db: app.db, blobs: app.blobs, dataDir: opts.config.dataDir }).then(
    (r) => {
      const line = describeCrashSweep(r);
      if (line) log(line);
      return r;
    },
    (error) => {
      console.error("the sweep after an unclean stop failed:", error);
      return null;
    },
  );
  if (opts.config.requireSignIn && !opts.apiOnly) log("Sign-in required: pages and tRPC answer only a browser signed in with an admin or viewer key.");
  const openReads = opts.apiOnly ? null : openReadsWarning(opts.config);
  if (openReads) log(`Warning: ${openReads}`);
  // Slurm and Ray pools: submit, poll and reconcile with the schedulers (nothing runs when only local pools exist).
  const publicUrl = app.pools.serverUrl ?? process.env.SKILLBOARD_PUBLIC_URL ?? (["0.0.0.0", "::"].includes(opts.config.host) ? `http://${os.hostname()}:${port}` : url);
  const reconciler = new PoolReconciler(app, { serverUrl: publicUrl.replace(/\/+$/, ""), log }).start();
  const clusterPools = [...app.pools.pools].filter(([, p]) => p.type !== "local").map(([name, p]) => `${name} (${p.type})`);
  if (clusterPools.length) log(`Cluster pools: ${clusterPools.join(", ")}; jobs reach this server at ${publicUrl}`);
  if (clusterPools.length && isLoopbackHost(new URL(publicUrl).hostname)) {
    log("Note: jobs on other hosts cannot reach a loopback address: bind with --host 0.0.0.0 (and --require-sign-in), or set serverUrl in the pools file.");
  }
  if (key.source === "created") {
    log(`Created an admin API key (shown once; also stored in ${opts.config.dataDir}/api-key):`);
    log(`  SKILLBOARD_API_KEY=${key.key}`);
  } else if (key.source === "file") {
    log(`API key: stored in ${opts.config.dataDir}/api-key`);
  }
  if (key.revokedAt != null) log(`Warning: the bootstrap admin key (${key.source === "env" ? "SKILLBOARD_API_KEY" : `${opts.config.dataDir}/api-key`}) was revoked on ${new Date(key.revokedAt).toISOString()} and stays revoked: it cannot sign in, call the API or run the local worker. Sign in with another admin key, or set SKILLBOARD_API_KEY to a new secret and restart.`);
  return {
    url,
    port,
    app,
    adminKey: key.key,
    crashSweep,
    async close() {
      clearInterval(sweeper);
      await reconciler.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and long-poll connections would hold close() open for their whole timeout.
      server.closeAllConnections();
      await closed;
      await closeNext?.();
      await crashSweep;
      await checkpoints.stop();
      app.db.$client.close();
    },
  };
}
