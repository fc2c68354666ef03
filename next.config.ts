import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder per checkout user (e.g. parallel e2e runs) via SKILLBOARD_NEXT_DIST_DIR.
  distDir: process.env.SKILLBOARD_NEXT_DIST_DIR || ".next",
  serverExternalPackages: ["better-sqlite3"],
  typedRoutes: false,
};

export default nextConfig;
