import { parseArn } from '../../../model/index.js';
import { parsePolicy } from '../../../policy/index.js';
import type { ParseResult } from '../../../policy/index.js';
import type { PrincipalKind, Store } from '../../../store/index.js';
import { defineOperation } from '../../operation.js';
import type { Operation } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { requireHolder } from './managedPolicyRecords.js';
import { compileWildcard } from '../../../policy/index.js';

type Policy = Extract<ParseResult, { ok: true }>['policy'];

/** One policy as ListPoliciesGrantingServiceAccess reports it. */
interface GrantingPolicy {
  readonly PolicyName: string;
  readonly PolicyType: 'INLINE' | 'MANAGED';
  readonly PolicyArn?: string;
  readonly EntityType?: 'USER' | 'GROUP' | 'ROLE';
  readonly EntityName?: string;
}

interface Candidate {
  readonly info: GrantingPolicy;
  readonly policy: Policy | undefined;
}

/** Whether a wildcard pattern (`*`, `?`) matches a text, case-insensitively. */
function wildcard(pattern: string, text: string): boolean {
  return compileWildcard(pattern, true)(text.toLowerCase());
}

/**
 * Whether an Allow statement of the policy can grant some action of the service namespace: an
 * `Action` entry whose service part matches it, or a `NotAction` that does not exclude the whole
 * service.
 */
export function grantsService(policy: Policy, namespace: string): boolean {
  return policy.statements.some((s) => {
    if (s.effect !== 'Allow') return false;
    if (s.action !== undefined) return s.action.some((a) => a === '*' || wildcard(a.split(':')[0]!, namespace));
    if (s.notAction !== undefined) return !s.notAction.some((a) => a === '*' || (wildcard(a.split(':')[0]!, namespace) && a.split(':')[1] === '*'));
    return false;
  });
}

function parsed(document: string): Policy | undefined {
  const result = parsePolicy(document, 'identity', { maxLength: Number.MAX_SAFE_INTEGER });
  return result.ok ? result.policy : undefined;
}

const ENTITY_TYPE = { user: 'USER', group: 'GROUP', role: 'ROLE' } as const;

async function candidatesOf(store: Store, accountId: string, kind: PrincipalKind, name: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const inline of await store.inlinePolicies.list(accountId, kind, name)) {
    out.push({
      info: { PolicyName: inline.policyName, PolicyType: 'INLINE', EntityType: ENTITY_TYPE[kind], EntityName: name },
      policy: parsed(inline.document),
    });
  }
  for (const arn of await store.policyAttachments.listFor(accountId, kind, name)) {
    const policy = await store.managedPolicies.get(arn);
    if (policy === undefined) continue;
    const version = await store.managedPolicies.version(arn, policy.defaultVersionId);
    const info: GrantingPolicy =
      kind === 'group'
        ? { PolicyName: policy.name, PolicyType: 'MANAGED', PolicyArn: arn, EntityType: 'GROUP', EntityName: name }
        : { PolicyName: policy.name, PolicyType: 'MANAGED', PolicyArn: arn };
    out.push({ info, policy: version === undefined ? undefined : parsed(version.document) });
  }
  return out;
}

/**
 * AWS: ListPoliciesGrantingServiceAccess — for each service namespace, the identity policies of a
 * user (with its groups'), group or role that allow some action of that service.
 */
export const ListPoliciesGrantingServiceAccess = defineOperation<{ Arn: string; ServiceNamespaces: string[]; Marker?: string }>({
  service: 'iam',
  name: 'ListPoliciesGrantingServiceAccess',
  readOnly: true,
  authorize: (input) => iamNeed('ListPoliciesGrantingServiceAccess', input.Arn),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const arn = parseArn(input.Arn);
    const type = arn?.resource.split('/')[0];
    if (arn === undefined || arn.service !== 'iam' || (type !== 'user' && type !== 'group' && type !== 'role')) {
      throw iamErrors.invalidInput(`ARN ${input.Arn} is not valid.`);
    }
    const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
    if (arn.accountId !== accountId) throw iamErrors.noSuchEntity(type, name);
    const holder = await requireHolder(ctx.store, accountId, type, name);
    const candidates = await candidatesOf(ctx.store, accountId, type, holder.name);
    if (type === 'user') {
      for (const group of await ctx.store.groups.groupsOf(accountId, holder.name)) {
        candidates.push(...(await candidatesOf(ctx.store, accountId, 'group', group.name)));
      }
    }
    return {
      PoliciesGrantingServiceAccess: input.ServiceNamespaces.map((namespace) => ({
        ServiceNamespace: namespace,
        Policies: candidates.filter((c) => c.policy !== undefined && grantsService(c.policy, namespace)).map((c) => c.info),
      })),
      IsTruncated: false,
    };
  },
});

/** Service access reporting. */
export const serviceAccessOperations: Operation[] = [ListPoliciesGrantingServiceAccess];
