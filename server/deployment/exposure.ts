import type { ServerConfig } from "../config";

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Why this server's pages and tRPC reads are open to the network, or null: it
 * binds beyond loopback without `--require-sign-in`. REST v1 always asks for a key.
 */
export function openReadsWarning(config: Pick<ServerConfig, "host" | "requireSignIn">): string | null {
  if (config.requireSignIn || isLoopbackHost(config.host)) return null;
  return (
    `Listening on ${config.host}, beyond this machine, with reads open: anyone who can reach this server can browse every run, log and trajectory without signing in. ` +
    "Restart with --require-sign-in (SKILLBOARD_REQUIRE_SIGN_IN=1), or bind 127.0.0.1."
  );
}
