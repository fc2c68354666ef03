import { BadRequestError } from "../errors";
import { json, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { audited } from "../audit/record";
import { keyAudit } from "../audit/targets";
import { createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "./api-keys";

/** POST /api/v1/api-keys {name, role}: a new key, shown once. Worker keys lease and report; SDK keys write to runs. */
export const createApiKeyRoute = restRoute(
  async ({ app, principal, json: body }) => {
    const input = parseOrThrow(createApiKeyInput, await body());
    return json(audited(app.db, principal, "api_key.create", () => createApiKey(app.db, input), keyAudit), 201);
  },
  { roles: ["admin"] },
);

export const listApiKeysRoute = restRoute(({ app }) => json({ keys: listApiKeys(app.db) }), { roles: ["admin"] });

/** DELETE /api/v1/api-keys/{id}: revokes the key at once (its sessions too); 409 for the last active admin key. */
export const revokeApiKeyRoute = restRoute(
  ({ app, params, principal }) => json({ key: audited(app.db, principal, "api_key.revoke", () => revokeApiKey(app.db, apiKeyId(params.id)), keyAudit) }),
  { roles: ["admin"] },
);

function apiKeyId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) {
    throw new BadRequestError(`id: expected a positive integer API key id (as listed by GET /api/v1/api-keys), got '${raw ?? ""}'.`);
  }
  return id;
}
