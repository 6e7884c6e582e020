import { parsePolicy, principalSetsOf } from '../../policy/index.js';

/**
 * Who a role's trust policy lets assume the role, statement by statement, read with the engine's
 * own principal semantics (`principalSetsOf`): the whole internet, whole accounts, single
 * principals, AWS services, identity providers; whether each is outside the role's account; and
 * which limiting conditions the statement has (an external ID, the caller's organization, the
 * service's source account or ARN).
 *
 * A small pure module shared by the posture checks and IAM Access Analyzer's external-access
 * findings: both ask "who outside this account can get in, and on what condition?".
 *
 * AWS: id_roles_create_for-user_externalid (third parties and sts:ExternalId),
 * confused-deputy (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths),
 * reference_policies_condition-keys (aws:PrincipalOrgID, aws:PrincipalOrgPaths).
 */

export type TrustGrantKind = 'anyone' | 'account' | 'principal' | 'service' | 'federated';

export interface TrustGrant {
  readonly statementIndex: number;
  readonly sid?: string;
  readonly kind: TrustGrantKind;
  /** `*`, an account ID, a principal ARN or unique ID, a service principal, an identity provider. */
  readonly value: string;
  /** The 12-digit account the grant is in, for `account` and `principal` grants named by ARN. */
  readonly account?: string;
  /** Outside the role's own account (always for anyone; never for services and providers). */
  readonly external: boolean;
  /** The statement's condition keys, lowercased. */
  readonly conditionKeys: readonly string[];
  readonly hasExternalId: boolean;
  /** Limited to the caller's organization (aws:PrincipalOrgID or aws:PrincipalOrgPaths). */
  readonly limitsOrganization: boolean;
  /** Limited to a source account, ARN or organization (the confused-deputy keys a service sends). */
  readonly limitsSource: boolean;
}

const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner']);
const ORG_KEYS = new Set(['aws:principalorgid', 'aws:principalorgpaths']);
const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const ARN_ACCOUNT = /^arn:[^:]+:(?:iam|sts)::(\d{12}):/;

/** The grants of the trust policy's Allow statements that can allow sts:AssumeRole (or any AssumeRole*). */
export function trustGrants(trustPolicy: string, accountId: string): TrustGrant[] {
  const parsed = parsePolicy(trustPolicy, 'trust', { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
  if (!parsed.ok) return [];
  const out: TrustGrant[] = [];
  for (const statement of parsed.policy.statements) {
    if (statement.effect !== 'Allow' || statement.principal === undefined) continue;
    const conditionKeys = [...new Set(statement.conditions.map((c) => c.key.toLowerCase()))];
    const base = {
      statementIndex: statement.index,
      ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
      conditionKeys,
      hasExternalId: conditionKeys.includes('sts:externalid'),
      limitsOrganization: conditionKeys.some((k) => ORG_KEYS.has(k)),
      limitsSource: conditionKeys.some((k) => SOURCE_KEYS.has(k)),
    };
    const sets = principalSetsOf(statement.principal);
    if (sets.anyone) out.push({ ...base, kind: 'anyone', value: '*', external: true });
    for (const account of sets.accounts) out.push({ ...base, kind: 'account', value: account, account, external: account !== accountId });
    for (const value of [...sets.arns, ...sets.uniqueIds]) {
      const account = ARN_ACCOUNT.exec(value)?.[1] ?? ROOT.exec(value)?.[1];
      out.push({ ...base, kind: 'principal', value, ...(account !== undefined ? { account } : {}), external: account !== undefined && account !== accountId });
    }
    for (const service of sets.services) out.push({ ...base, kind: 'service', value: service, external: false });
    for (const provider of sets.federated) out.push({ ...base, kind: 'federated', value: provider, external: false });
  }
  return out;
}
