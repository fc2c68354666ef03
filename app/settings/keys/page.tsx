import type { Metadata } from "next";
import { ApiKeysView } from "@/components/settings/api-keys-view";

export const metadata: Metadata = { title: "API keys · Skillboard" };

/** `/settings/keys`: create and revoke API keys; the list loads in the browser once it is signed in as an admin. */
export default function ApiKeysPage() {
  return <ApiKeysView />;
}
