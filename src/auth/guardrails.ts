import type { Principal } from '../model/index.js';
import { organizationPath, organizationPolicyArn } from '../model/organization.js';
import type { OrganizationPolicyType } from '../model/organization.js';
import { compilePolicy, parsePolicy } from '../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy } from '../policy/index.js';
import { RESYNC_TOPIC } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { ContextValue } from './need.js';

/**
 * Topic published on the store's change feed on every change to an organization's structure,
 * membership, policies, attachments or enabled policy types; the payload is the organization id.
 */
export const ORGANIZATIONS_TOPIC = 'organizations';

/** Where an account sits in an organization, with the guardrails of its path. */
export interface AccountGuardrails {
  readonly organizationId: string;
  /** `o-…/r-…/ou-…/` (the value of `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`). */
  readonly path: string;
  readonly isManagement: boolean;
  /** SCP levels root → OUs → account; undefined when SCPs are not enabled in the root. */
  readonly scpLevels: readonly (readonly CompiledPolicy[])[] | undefined;
  /** RCP levels root → OUs → account; undefined when RCPs are not enabled in the root. */
  readonly rcpLevels: readonly (readonly CompiledPolicy[])[] | undefined;
}

/** ApplicablePolicies with the organization condition keys of the request's two accounts. */
export interface OrganizationAwarePolicies extends ApplicablePolicies {
  readonly organizationContext?: Readonly<Record<string, ContextValue>>;
}

/**
 * AWS: orgs_manage_policies_rcps — "RCPs apply to … Amazon S3, AWS STS, AWS KMS, Amazon SQS,
 * AWS Secrets Manager, Amazon Cognito, Amazon CloudWatch Logs, Amazon DynamoDB, Amazon ECR and
 * Amazon OpenSearch Serverless"; requests to other services are not limited by RCPs.
 */
const RCP_SERVICES: ReadonlySet<string> = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'cognito-identity', 'cognito-idp', 'logs', 'dynamodb', 'ecr', 'aoss']);

/** Stored documents passed the grammar when written. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The SCP and RCP levels of each account, read from the store once and cached per account until
 * {@link ORGANIZATIONS_TOPIC} (or a resync) drops them.
 *
 * AWS: orgs_manage_policies_scps_evaluation — every level from the root down to the account must
 * allow; SCPs never limit the management account nor service-linked roles. RCPs likewise never
 * limit resources of the management account nor requests by service-linked roles
 * (orgs_manage_policies_rcps).
 */
export class Guardrails {
  readonly #store: Store;
  readonly #accounts = new Map<string, AccountGuardrails | null>();
  #epoch = 0;
  readonly #unsubscribe: () => void;

  constructor(store: Store) {
    this.#store = store;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      if (topic === ORGANIZATIONS_TOPIC || topic === RESYNC_TOPIC || payload === '*') this.clear();
    });
  }

  /** Adds the SCP and RCP levels and the organization condition keys that apply to one request. */
  async apply(policies: ApplicablePolicies, principal: Principal, action: string, resourceAccountId: string): Promise<OrganizationAwarePolicies> {
    const caller = principal.accountId === '' ? null : await this.forAccount(principal.accountId);
    const owner = resourceAccountId === '' ? null : resourceAccountId === principal.accountId ? caller : await this.forAccount(resourceAccountId);
    const context: Record<string, ContextValue> = { 'aws:ResourceAccount': resourceAccountId || principal.accountId };
    if (caller !== null) {
      context['aws:PrincipalOrgID'] = caller.organizationId;
      context['aws:PrincipalOrgPaths'] = [caller.path];
    }
    if (owner !== null) {
      context['aws:ResourceOrgID'] = owner.organizationId;
      context['aws:ResourceOrgPaths'] = [owner.path];
    }
    const serviceLinked = isServiceLinkedRole(principal);
    const result: { -readonly [K in keyof OrganizationAwarePolicies]: OrganizationAwarePolicies[K] } = { ...policies, organizationContext: context };
    if (caller !== null && !caller.isManagement && !serviceLinked && caller.scpLevels !== undefined) result.scpLevels = caller.scpLevels;
    const service = action.slice(0, action.indexOf(':')).toLowerCase();
    if (owner !== null && !owner.isManagement && !serviceLinked && owner.rcpLevels !== undefined && RCP_SERVICES.has(service)) {
      result.rcpLevels = owner.rcpLevels;
    }
    return result;
  }

  /** The account's place and guardrails, or null when it is in no organization. */
  async forAccount(accountId: string): Promise<AccountGuardrails | null> {
    const hit = this.#accounts.get(accountId);
    if (hit !== undefined) return hit;
    const epoch = this.#epoch;
    const loaded = await loadAccountGuardrails(this.#store, accountId);
    if (epoch === this.#epoch) this.#accounts.set(accountId, loaded);
    return loaded;
  }

  clear(): void {
    this.#accounts.clear();
    this.#epoch++;
  }

  close(): void {
    this.#unsubscribe();
  }
}

/**
 * Reads where an account sits in its organization and compiles the SCPs and RCPs of its path; null
 * when the account is in no organization. Uncached: {@link Guardrails} caches it per account.
 */
export async function loadAccountGuardrails(store: Store, accountId: string): Promise<AccountGuardrails | null> {
  const account = await store.accounts.get(accountId);
  if (account?.organizationId == null || account.parentId === null) return null;
  const org = await store.organizations.get(account.organizationId);
  if (org === undefined) return null;
  const units = await store.organizations.unitPath(org.id, account.parentId);
  if (units === undefined) return null;
  const chain = units.map((u) => u.id);
  const root = units[0];
  const targets = [...chain, accountId];
  const levels = async (type: OrganizationPolicyType): Promise<CompiledPolicy[][] | undefined> => {
    if (root === undefined || !root.policyTypes.includes(type)) return undefined;
    const out: CompiledPolicy[][] = [];
    for (const target of targets) {
      const attached = await store.organizationPolicies.attachedPolicies(org.id, target, type);
      out.push(attached.map(({ policy }) => compileGuardrail(policy.content, organizationPolicyArn(org.managementAccountId, org.id, type, policy.id, policy.awsManaged), type)));
    }
    return out;
  };
  return {
    organizationId: org.id,
    path: organizationPath(org.id, chain),
    isManagement: org.managementAccountId === accountId,
    scpLevels: await levels('SERVICE_CONTROL_POLICY'),
    rcpLevels: await levels('RESOURCE_CONTROL_POLICY'),
  };
}

/** AWS: service-linked roles live under the `/aws-service-role/` path (using-service-linked-roles). */
function isServiceLinkedRole(principal: Principal): boolean {
  return principal.roleArn !== undefined && principal.roleArn.includes(':role/aws-service-role/');
}

/** A stored guardrail that no longer parses allows nothing, so its level denies. */
function compileGuardrail(content: string, arn: string, type: OrganizationPolicyType): CompiledPolicy {
  const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
  const parsed = parsePolicy(content, kind, { maxLength: NO_SIZE_LIMIT });
  return parsed.ok ? compilePolicy(parsed.policy, { id: arn, type: kind }) : compilePolicy({ version: '2012-10-17', statements: [] }, { id: arn, type: kind });
}
