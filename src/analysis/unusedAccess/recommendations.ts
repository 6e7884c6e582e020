import { actionsOf } from '../../catalog/index.js';
import { compileActions } from '../../policy/actions.js';

/**
 * Recommendations for an UnusedPermission finding: for each identity policy of the entity, detach
 * it when every action it allows is unused, or replace it with a narrower policy that allows only
 * what was used. AWS: IAM User Guide, "Remediating unused access findings" / API reference,
 * UnusedPermissionsRecommendedStep (`DETACH_POLICY` with `existingPolicyId`; `CREATE_POLICY` with
 * the `recommendedPolicy` to replace `existingPolicyId`).
 *
 * Only Allow statements listing actions (`Action`) are narrowed: each keeps the actions of its
 * list, expanded from the service authorization reference, that the finding does not report
 * unused; a statement left with none is dropped. Deny statements and Allow statements with
 * `NotAction` are kept as they are (a narrower NotAction cannot be written).
 */

/** A policy of the entity: its ID as the step names it (a managed policy's ARN, an inline policy's name). */
export interface EntityPolicy {
  readonly id: string;
  readonly document: string;
  /** When it last changed (AWS's `policyUpdatedAt`). */
  readonly updatedAt?: string;
}

/** AWS's UnusedPermissionsRecommendedStep. */
export interface RecommendedStep {
  readonly recommendedAction: 'CREATE_POLICY' | 'DETACH_POLICY';
  readonly existingPolicyId: string;
  readonly recommendedPolicy?: string;
  readonly policyUpdatedAt?: string;
}

/** What an UnusedPermission finding reports unused: whole services, or some actions of a service. */
export interface UnusedPermissions {
  readonly services: ReadonlySet<string>;
  /** `service:Action`, lowercase. */
  readonly actions: ReadonlySet<string>;
}

/** The unused permissions of an UnusedPermission finding's details. */
export function unusedPermissionsOf(details: readonly Readonly<Record<string, unknown>>[]): UnusedPermissions {
  const services = new Set<string>();
  const actions = new Set<string>();
  for (const d of details) {
    const p = d['unusedPermissionDetails'] as { serviceNamespace: string; actions?: { action: string }[] } | undefined;
    if (p === undefined) continue;
    if (p.actions === undefined) services.add(p.serviceNamespace.toLowerCase());
    else for (const a of p.actions) actions.add(a.action.toLowerCase());
  }
  return { services, actions };
}

type JsonStatement = Record<string, unknown>;

/** The reference's actions an Action list names. */
function expand(list: readonly string[]): string[] {
  const matcher = compileActions(list);
  const services = matcher.services ?? [];
  const out: string[] = [];
  for (const service of services) {
    for (const a of actionsOf(service)) if (matcher.matches(service, a.name.toLowerCase())) out.push(`${service}:${a.name}`);
  }
  return out;
}

const asList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** The steps for the entity's policies; a policy the finding does not touch has none. */
export function recommendedSteps(policies: readonly EntityPolicy[], unused: UnusedPermissions): RecommendedStep[] {
  const steps: RecommendedStep[] = [];
  for (const policy of policies) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(policy.document) as Record<string, unknown>;
    } catch {
      continue;
    }
    const statements = (Array.isArray(parsed['Statement']) ? parsed['Statement'] : [parsed['Statement']]) as JsonStatement[];
    let changed = false;
    const kept: JsonStatement[] = [];
    for (const s of statements) {
      const actions = s['Effect'] === 'Allow' && s['NotAction'] === undefined ? asList(s['Action']) : undefined;
      if (actions === undefined) {
        kept.push(s);
        continue;
      }
      // Wildcards the reference cannot expand (an unknown service) are kept as written.
      const expanded = expand(actions);
      const named = actions.filter((a) => a === '*' || expand([a]).length > 0);
      if (named.length !== actions.length || actions.includes('*')) {
        kept.push(s);
        continue;
      }
      const left = expanded.filter((a) => !unused.services.has(a.split(':')[0]!.toLowerCase()) && !unused.actions.has(a.toLowerCase()));
      if (left.length === expanded.length) {
        kept.push(s);
        continue;
      }
      changed = true;
      if (left.length > 0) kept.push({ ...s, Action: [...new Set(left)].sort() });
    }
    if (!changed) continue;
    const base = { existingPolicyId: policy.id, ...(policy.updatedAt !== undefined ? { policyUpdatedAt: policy.updatedAt } : {}) };
    if (!kept.some((s) => s['Effect'] === 'Allow')) {
      steps.push({ recommendedAction: 'DETACH_POLICY', ...base });
      continue;
    }
    const recommendedPolicy = JSON.stringify({ Version: parsed['Version'] ?? '2012-10-17', Statement: kept });
    steps.push({ recommendedAction: 'CREATE_POLICY', ...base, recommendedPolicy });
  }
  return steps;
}
