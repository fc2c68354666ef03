import type { Metadata } from "next";
import type { ReactNode } from "react";
import { OpenReadsBanner } from "@/components/layout/open-reads-banner";
import { SiteHeader } from "@/components/layout/site-header";
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
        <TrpcProviders>
          <SiteHeader />
          <OpenReadsBanner />
          <main className="mx-auto max-w-[1600px] px-6 py-6">{children}</main>
        </TrpcProviders>
      </body>
    </html>
  );
}
