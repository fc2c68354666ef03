import Link from "next/link";
import { Suspense } from "react";
import { SessionControl } from "@/components/auth/session-control";
import { chosenProject } from "./chosen-project";
import { NavLink } from "./nav-link";
import { ProjectSwitcher } from "./project-switcher";

/** The top bar: logo, the project switcher, the main sections, and sign-in. */
export async function SiteHeader() {
  const chosen = await chosenProject();
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav className="mx-auto flex h-12 max-w-[1600px] items-center gap-6 px-6" aria-label="Main">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <svg viewBox="0 0 20 20" className="h-5 w-5" aria-hidden>
            <rect x="1" y="11" width="4" height="8" rx="1" fill="#a5b4fc" />
            <rect x="8" y="6" width="4" height="13" rx="1" fill="#818cf8" />
            <rect x="15" y="1" width="4" height="18" rx="1" fill="#4f46e5" />
          </svg>
          Skillboard
        </Link>
        <Suspense>
          <ProjectSwitcher chosen={chosen} />
        </Suspense>
        <div className="flex items-center gap-1">
          <NavLink href="/" also={["/runs/"]}>
            Runs
          </NavLink>
          <NavLink href="/compare">Compare</NavLink>
          <NavLink href="/launch">Launch</NavLink>
          <NavLink href="/hosts">Hosts</NavLink>
          <NavLink href="/settings/projects" also={["/settings/projects/"]}>
            Projects
          </NavLink>
          <NavLink href="/settings/keys" also={["/settings/audit"]}>
            Keys
          </NavLink>
        </div>
        <div className="ml-auto">
          <SessionControl />
        </div>
      </nav>
    </header>
  );
}
