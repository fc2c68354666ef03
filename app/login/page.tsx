import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SignInLinkConfirm } from "@/components/auth/sign-in-link-confirm";
import { SIGN_IN_ERROR_MESSAGES } from "@/components/auth/sign-in-messages";

export const metadata: Metadata = { title: "Sign in · Skillboard" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * `/login?next=/launch`: sign in with an admin (or read-only viewer) API key. `?error=link_used` (and siblings): why a
 * sign-in link did not sign in; `?link=…`: a link opened from another site, spent only when the reader confirms.
 */
export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = typeof params.next === "string" ? params.next : "/";
  const error = typeof params.error === "string" ? (SIGN_IN_ERROR_MESSAGES[params.error] ?? null) : null;
  const link = typeof params.link === "string" && params.link ? params.link : null;
  return (
    <div className="mx-auto mt-10 max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in</h1>
      <p className="mb-6 mt-1 text-sm text-slate-500">
        Launching, canceling and editing runs need an admin key; a viewer key signs in read-only. <code className="font-mono text-[12px]">bin/skillboard up</code> prints a
        single-use link that signs you in directly (<code className="font-mono text-[12px]">bin/skillboard sign-in-link</code> prints another).
      </p>
      {link && <SignInLinkConfirm link={link} next={next} />}
      <SignInForm next={next} initialError={error} />
    </div>
  );
}
