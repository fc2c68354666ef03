/** The project chosen in the header: runs, compare and launch are scoped to it when the URL names none. */
export const PROJECT_COOKIE = "skillboard_project";

/** Remembers the choice for a year; "" (every project) forgets it. */
export function rememberProject(name: string): void {
  document.cookie = name
    ? `${PROJECT_COOKIE}=${encodeURIComponent(name)}; path=/; max-age=31536000; samesite=lax`
    : `${PROJECT_COOKIE}=; path=/; max-age=0; samesite=lax`;
}
