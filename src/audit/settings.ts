/**
 * How the audit trail runs, from the environment:
 *
 * - `GATEHOUSE_AUDIT=off` turns every record into a no-op. UNSAFE: calls and changes leave no
 *   trace. For development and for the audit on/off benchmark only.
 * - `GATEHOUSE_AUDIT_RETENTION_DAYS` (default 90, like CloudTrail event history): stored records
 *   older than this are pruned hourly; a checkpoint keeps the rest of the chain verifiable.
 * - `GATEHOUSE_AUDIT_DELIVERY_SECONDS` (default 60): how often trails deliver log files.
 * - `GATEHOUSE_AUDIT_DIGEST_SECONDS` (default 3600, CloudTrail's hour): a trail's digest period.
 */
export interface AuditSettings {
  readonly enabled: boolean;
  readonly retentionDays: number;
  readonly deliveryIntervalMs: number;
  readonly digestIntervalMs: number;
}

/** Reads {@link AuditSettings}; throws a RangeError naming the variable for a bad value. */
export function auditSettings(env: NodeJS.ProcessEnv = process.env): AuditSettings {
  const mode = (env['GATEHOUSE_AUDIT'] ?? 'on').toLowerCase();
  if (mode !== 'on' && mode !== 'off') throw new RangeError(`GATEHOUSE_AUDIT must be \`on\` or \`off\`, not \`${mode}\``);
  return {
    enabled: mode === 'on',
    retentionDays: positive(env, 'GATEHOUSE_AUDIT_RETENTION_DAYS', 90),
    deliveryIntervalMs: positive(env, 'GATEHOUSE_AUDIT_DELIVERY_SECONDS', 60) * 1000,
    digestIntervalMs: positive(env, 'GATEHOUSE_AUDIT_DIGEST_SECONDS', 3600) * 1000,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, not \`${text}\``);
  return value;
}
