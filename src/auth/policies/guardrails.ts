import type { Principal } from '../../model/index.js';
import type { OrganizationPolicyType } from '../../model/index.js';
import { compilePolicy } from '../../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy } from '../../policy/index.js';
import type { ContextValue } from '../need.js';
import { emptyPolicy, parseStored } from './compiled.js';
import type { GuardrailFacts, OrganizationPathFacts, PolicyReader } from './reader.js';

/** Where an account sits in an organization, with the compiled guardrails of its path. */
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
const RCP_SERVICES: ReadonlySet<string> = new Set([
  's3',
  'sts',
  'kms',
  'sqs',
  'secretsmanager',
  'cognito-identity',
  'cognito-idp',
  'logs',
  'dynamodb',
  'ecr',
  'aoss',
]);

/**
 * The SCP and RCP levels of each account, read once and cached per account until {@link clear}.
 *
 * AWS: orgs_manage_policies_scps_evaluation — every level from the root down to the account must
 * allow; SCPs never limit the management account nor service-linked roles. RCPs likewise never
 * limit resources of the management account nor requests by service-linked roles
 * (orgs_manage_policies_rcps).
 */
export class Guardrails {
  readonly #reader: PolicyReader;
  readonly #accounts = new Map<string, AccountGuardrails | null>();
  #epoch = 0;

  constructor(reader: PolicyReader) {
    this.#reader = reader;
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
    const facts = await this.#reader.organizationPath(accountId);
    const loaded = facts === null ? null : compileGuardrails(facts);
    if (epoch === this.#epoch) this.#accounts.set(accountId, loaded);
    return loaded;
  }

  clear(): void {
    this.#accounts.clear();
    this.#epoch++;
  }
}

/** Compiles the guardrails of an organization path; uncached. */
export function compileGuardrails(facts: OrganizationPathFacts): AccountGuardrails {
  const levels = (type: OrganizationPolicyType) => facts.levels[type]?.map((level) => level.map((p) => compileGuardrail(p, type)));
  return {
    organizationId: facts.organizationId,
    path: facts.path,
    isManagement: facts.isManagement,
    scpLevels: levels('SERVICE_CONTROL_POLICY'),
    rcpLevels: levels('RESOURCE_CONTROL_POLICY'),
  };
}

/** AWS: service-linked roles live under the `/aws-service-role/` path (using-service-linked-roles). */
function isServiceLinkedRole(principal: Principal): boolean {
  return principal.roleArn?.includes(':role/aws-service-role/') === true;
}

/** A stored guardrail that no longer parses allows nothing, so its level denies. */
function compileGuardrail(facts: GuardrailFacts, type: OrganizationPolicyType): CompiledPolicy {
  const kind = type === 'SERVICE_CONTROL_POLICY' ? 'scp' : 'rcp';
  const policy = parseStored(facts.content, kind);
  return policy === undefined ? emptyPolicy(facts.arn, kind) : compilePolicy(policy, { id: facts.arn, type: kind });
}
