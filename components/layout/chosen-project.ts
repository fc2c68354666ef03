import { cookies } from "next/headers";
import { PROJECT_COOKIE } from "./project-cookie";

/** The project chosen in the header (server side); "" is every project. */
export async function chosenProject(): Promise<string> {
  const raw = (await cookies()).get(PROJECT_COOKIE)?.value;
  if (!raw) return "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return "";
  }
}
