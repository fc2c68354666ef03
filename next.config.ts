import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder per checkout user (e.g. parallel e2e runs) via SKILLBOARD_NEXT_DIST_DIR.
  distDir: process.env.SKILLBOARD_NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  typedRoutes: false,
  // proxy.ts (the sign-in gate under plain `next start`) must see the RSC header of a client-side navigation, which
  // Next.js strips from what its proxy sees unless told not to: such a request gets a 401, not a redirect the
  // router would cache as the page (see server/auth/sign-in-gate.ts).
  skipProxyUrlNormalize: true,
};

export default nextConfig;
