import { z } from "zod";
import { adminProcedure, publicProcedure, router } from "../trpc";
import { audited } from "../audit/record";
import { createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "./api-keys";
import { keyAudit } from "../audit/targets";

export const authRouter = router({
  /** Whether this browser is signed in as an admin (and may launch), and with which role: a viewer session only reads. */
  me: publicProcedure.query(({ ctx }) => {
    const role = ctx.principal?.role === "admin" || ctx.principal?.role === "viewer" ? ctx.principal.role : null;
    return { signedIn: role === "admin", role };
  }),
  /** Every key (revoked ones too) and which one this browser signed in with. */
  keys: adminProcedure.query(({ ctx }) => ({ keys: listApiKeys(ctx.app.db), currentKeyId: ctx.principal.keyId })),
  /** A new key; the result holds the key itself, shown this once. */
  createKey: adminProcedure.input(createApiKeyInput).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "api_key.create", () => createApiKey(ctx.app.db, input), keyAudit),
  ),
  revokeKey: adminProcedure.input(z.object({ id: z.number().int().positive() })).mutation(({ ctx, input }) =>
    audited(ctx.app.db, ctx.principal, "api_key.revoke", () => revokeApiKey(ctx.app.db, input.id), keyAudit),
  ),
});
