import { randomBytes } from 'node:crypto';
import { PARTITION } from './arn.js';

/**
 * The organization tree's identifiers, ARNs, built-in policies and quotas.
 *
 * AWS: Organizations API reference, data types (Organization `o-` + 10–32 of [a-z0-9], Root `r-` +
 * 4–32, OrganizationalUnit `ou-<root suffix>-<8–32>`, Policy `p-` + 8–128 of [0-9a-zA-Z_],
 * CreateAccountStatus `car-` + 8–32) and "ARN formats" in the Organizations user guide.
 */

/** The two guardrail policy types Gatehouse enforces. */
export type OrganizationPolicyType = 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export const ORGANIZATION_POLICY_TYPES: readonly OrganizationPolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/** How a policy type appears in a policy ARN: its name in lower case (`…:policy/o-…/service_control_policy/p-…`). */
export const policyTypeArnSegment = (type: string): string => type.toLowerCase();

/** The AWS managed policy every target gets when its policy type is enabled. */
export interface BuiltInOrganizationPolicy {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly type: OrganizationPolicyType;
  readonly content: string;
}

/**
 * AWS: orgs_manage_policies_scps ("FullAWSAccess … attached to every root, OU and account when
 * SCPs are enabled") and orgs_manage_policies_rcps ("RCPFullAWSAccess").
 */
export const BUILT_IN_POLICIES: Readonly<Record<OrganizationPolicyType, BuiltInOrganizationPolicy>> = {
  SERVICE_CONTROL_POLICY: {
    id: 'p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    content: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
  },
  RESOURCE_CONTROL_POLICY: {
    id: 'p-RCPFullAWSAccess',
    name: 'RCPFullAWSAccess',
    description: 'Allows access to every operation',
    type: 'RESOURCE_CONTROL_POLICY',
    content:
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}',
  },
};

/** AWS: Organizations quotas (orgs_reference_limits). */
export const ORGANIZATION_QUOTAS = {
  /** Accounts in an organization (AWS's default quota, the management account included). */
  accounts: 10,
  organizationalUnits: 1000,
  /** OU nesting below the root. */
  ouDepth: 5,
  /** Policies of one type in an organization. */
  policiesPerType: 1000,
  /** SCPs or RCPs attached to one root, OU or account (management policy types: `MANAGEMENT_POLICY_TYPES`). */
  attachmentsPerTarget: 5,
  /** SCP and RCP documents, in characters, whitespace included. */
  policyContent: 5120,
  tagsPerResource: 50,
  /** Days an invitation stays open before it expires. */
  invitationDays: 15,
  /** Invitations an organization may send in any 24 hours. */
  invitationsPerDay: 20,
  /** Days a closed handshake (accepted, declined, canceled, expired) stays in lists. */
  closedHandshakeDays: 30,
} as const;

/** The IAM role Organizations creates in a new member account unless `RoleName` names another. */
export const DEFAULT_MEMBER_ROLE_NAME = 'OrganizationAccountAccessRole';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomLower(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += LOWER_ALNUM[bytes[i]! % LOWER_ALNUM.length];
  return out;
}

export const newOrganizationId = (): string => `o-${randomLower(10)}`;
export const newRootId = (): string => `r-${randomLower(4)}`;
/** An OU id carries its root's suffix: `ou-ab12-xxxxxxxx` under `r-ab12`. */
export const newOrganizationalUnitId = (rootId: string): string => `ou-${rootId.slice(2)}-${randomLower(8)}`;
export const newOrganizationPolicyId = (): string => `p-${randomLower(8)}`;
export const newCreateAccountRequestId = (): string => `car-${randomLower(32)}`;
export const newHandshakeId = (): string => `h-${randomLower(32)}`;
export const newResourcePolicyId = (): string => `rp-${randomLower(8)}`;

/** The ARNs of organization entities; they live in the management account. */
export const organizationArn = (mgmt: string, orgId: string): string => `arn:${PARTITION}:organizations::${mgmt}:organization/${orgId}`;
export const rootEntityArn = (mgmt: string, orgId: string, rootId: string): string => `arn:${PARTITION}:organizations::${mgmt}:root/${orgId}/${rootId}`;
export const ouArn = (mgmt: string, orgId: string, ouId: string): string => `arn:${PARTITION}:organizations::${mgmt}:ou/${orgId}/${ouId}`;
export const accountEntityArn = (mgmt: string, orgId: string, accountId: string): string =>
  `arn:${PARTITION}:organizations::${mgmt}:account/${orgId}/${accountId}`;
/** A handshake's ARN: its action in lower case names its type (`…:handshake/o-…/invite/h-…`). */
export const handshakeArn = (mgmt: string, orgId: string, action: string, handshakeId: string): string =>
  `arn:${PARTITION}:organizations::${mgmt}:handshake/${orgId}/${action.toLowerCase()}/${handshakeId}`;

/** The organization's resource policy (its delegation policy): `…:resourcepolicy/o-…/rp-…`. */
export const resourcePolicyArn = (mgmt: string, orgId: string, id: string): string => `arn:${PARTITION}:organizations::${mgmt}:resourcepolicy/${orgId}/${id}`;

/** A customer policy's ARN, or an AWS managed one's (`arn:aws:organizations::aws:policy/…`). */
export function organizationPolicyArn(mgmt: string, orgId: string, type: string, policyId: string, awsManaged: boolean): string {
  return awsManaged
    ? `arn:${PARTITION}:organizations::aws:policy/${policyTypeArnSegment(type)}/${policyId}`
    : `arn:${PARTITION}:organizations::${mgmt}:policy/${orgId}/${policyTypeArnSegment(type)}/${policyId}`;
}

/** What kind of entity an id names, by its shape; undefined for none. */
export function entityKindOf(id: string): 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' | undefined {
  if (/^r-[0-9a-z]{4,32}$/.test(id)) return 'ROOT';
  if (/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)) return 'ORGANIZATIONAL_UNIT';
  if (/^\d{12}$/.test(id)) return 'ACCOUNT';
  return undefined;
}

/**
 * AWS: `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths` values are the entity path
 * `o-…/r-…/ou-…/…/` of the account's parent chain, ending in `/` (reference_policies_condition-keys).
 */
export function organizationPath(orgId: string, parentChain: readonly string[]): string {
  return `${orgId}/${parentChain.map((id) => `${id}/`).join('')}`;
}
