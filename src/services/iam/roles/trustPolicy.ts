import { ServiceError } from '../../../errors.js';
import { parseArn } from '../../../model/index.js';
import { parsePolicy } from '../../../policy/index.js';
import type { Policy } from '../../../policy/index.js';
import type { Store } from '../../../store/index.js';
import type { OperationContext } from '../../operation.js';

/**
 * Checks a role trust policy the way IAM does on CreateRole and UpdateAssumeRolePolicy: the trust
 * grammar (`MalformedPolicyDocument` with IAM's message), the trust policy size quota
 * (`LimitExceeded`), then that every IAM user or role it names as an `AWS` principal exists.
 * Returns the parsed policy.
 */
export async function checkTrustPolicy(ctx: OperationContext, text: string): Promise<Policy> {
  const result = parsePolicy(text, 'trust', { maxLength: ctx.quotas.roleTrustPolicySize });
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new ServiceError(first.limit !== undefined ? 'LimitExceeded' : 'MalformedPolicyDocument', first.message);
  }
  for (const statement of result.policy.statements) {
    for (const spec of [statement.principal, statement.notPrincipal]) {
      if (spec === undefined || spec === '*') continue;
      for (const value of spec.AWS ?? []) {
        if (!(await principalExists(ctx.store, value))) {
          // AWS: IAM resolves principal ARNs to unique IDs when the policy is saved and refuses one
          // that names no existing user or role (IAM User Guide, reference_policies_elements_principal).
          throw new ServiceError('MalformedPolicyDocument', `Invalid principal in policy: "AWS":"${value}"`);
        }
      }
    }
  }
  return result.policy;
}

/**
 * Whether an `AWS` principal value resolves: account IDs, root ARNs, wildcards and principals of
 * accounts outside this deployment are taken as given; user and role ARNs of this deployment's
 * accounts must name an existing entity with that exact path.
 */
async function principalExists(store: Store, value: string): Promise<boolean> {
  if (value.includes('*')) return true;
  const arn = parseArn(value);
  if (arn === undefined || arn.service !== 'iam') return true;
  const slash = arn.resource.indexOf('/');
  if (slash < 0) return true;
  const kind = arn.resource.slice(0, slash);
  if (kind !== 'user' && kind !== 'role') return true;
  if ((await store.accounts.get(arn.accountId)) === undefined) return true;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const entity = kind === 'user' ? await store.users.get(arn.accountId, name) : await store.roles.get(arn.accountId, name);
  return entity !== undefined && entity.arn.toLowerCase() === value.toLowerCase();
}
