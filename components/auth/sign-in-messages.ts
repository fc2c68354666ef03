/** What `/login?error=…` says: set by the sign-in link route when a link did not sign in. */
export const SIGN_IN_ERROR_MESSAGES: Record<string, string> = {
  key_in_url:
    "Sign-in links no longer carry a key (a key in a URL ends up in logs and browser history). Paste the key below, or run ‘skillboard sign-in-link’ for a single-use link.",
  link_used: "This sign-in link was already used: a link signs in once. Run ‘skillboard sign-in-link’ for a new one, or paste an API key below.",
  link_expired: "This sign-in link expired: links work for 10 minutes. Run ‘skillboard sign-in-link’ for a new one, or paste an API key below.",
  link_invalid: "This sign-in link is not valid (cut short, or from another server). Run ‘skillboard sign-in-link’ for a new one, or paste an API key below.",
  link_key_refused: "The key this sign-in link was made for can no longer sign in (it was revoked). Paste another admin key below.",
};
