import { z } from "zod";
import { API_KEY_ROLES } from "@/db/schema";
import { json, restRoute } from "../http/rest";
import { parseOrThrow } from "../validation";
import { generateApiKey, listApiKeys, registerApiKey } from "./api-keys";

const createKeyInput = z.object({ name: z.string().min(1).max(200), role: z.enum(API_KEY_ROLES) });

/** POST /api/v1/api-keys {name, role}: a new key, shown once. Worker keys lease and report; SDK keys write to runs. */
export const createApiKeyRoute = restRoute(
  async ({ app, json: body }) => {
    const input = parseOrThrow(createKeyInput, await body());
    const key = generateApiKey();
    const id = registerApiKey(app.db, key, input.name, input.role);
    return json({ id, name: input.name, role: input.role, key }, 201);
  },
  { roles: ["admin"] },
);

export const listApiKeysRoute = restRoute(({ app }) => json({ keys: listApiKeys(app.db) }), { roles: ["admin"] });
