/**
 * What the audit log records: every change only an admin may make, and the
 * sign-in links that let a browser in. Each name says the thing and the verb.
 */
export const AUDIT_ACTIONS = {
  "api_key.create": "Created an API key",
  "api_key.revoke": "Revoked an API key",
  "run.launch": "Launched runs",
  "run.cancel": "Canceled a run",
  "run.update": "Edited a run",
  "run.delete": "Moved a run to the trash",
  "run.restore": "Restored a run from the trash",
  "run.purge": "Purged a run",
  "metric_mapping.set_alias": "Set a metric alias",
  "metric_mapping.remove_alias": "Removed a metric alias",
  "metric_mapping.add_rule": "Added a metric mapping rule",
  "metric_mapping.remove_rule": "Removed a metric mapping rule",
  "sign_in_link.create": "Created a sign-in link",
  "sign_in_link.use": "Signed in with a link",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];
