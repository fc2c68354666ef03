import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { TrpcProviders } from "@/components/providers/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: "Skillboard",
  description: "Experiment tracker for joint RL over atomic coding skills",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3 text-sm">
            <Link href="/" className="font-semibold tracking-tight text-slate-900">
              Skillboard
            </Link>
            <Link href="/" className="text-slate-600 hover:text-slate-900">
              Runs
            </Link>
          </nav>
        </header>
        <TrpcProviders>
          <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
        </TrpcProviders>
      </body>
    </html>
  );
}
