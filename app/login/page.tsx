import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in · Skillboard" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `/login?next=/launch`: sign in with an admin (or read-only viewer) API key; `?error=invalid` when a sign-in link's key was refused. */
export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? params.next : "/";
  return (
    <div className="mx-auto mt-10 max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500">
        Launching, canceling and editing runs need an admin key; a viewer key signs in read-only. <code className="font-mono text-[12px]">bin/skillboard up</code> prints a link that signs you in directly.
      </p>
      <SignInForm next={next} linkFailed={params.error === "invalid"} />
    </div>
  );
}
