import { documentText } from '../snapshot/index.js';
import type { AccountExport, CredentialFacts } from '../exports/index.js';

/**
 * An exported account read into what the posture checks and the escalation graph ask about: its
 * users, groups, roles and managed policies with their documents as text and their relations both
 * ways (a policy's holders, a group's members), and each user's credentials. Built once per
 * analysis from an {@link AccountExport}, whether the export came from files or from a live account.
 */
export interface AccountModel {
  readonly accountId: string;
  readonly users: readonly UserModel[];
  readonly groups: readonly GroupModel[];
  readonly roles: readonly RoleModel[];
  /** Customer managed and AWS managed policies the export lists, by ARN. */
  readonly policies: ReadonlyMap<string, PolicyModel>;
  /** The root user's credentials, when a credential report was exported. */
  readonly root?: CredentialFacts;
}

export interface InlinePolicyModel {
  readonly name: string;
  readonly document: string;
}

interface HolderModel {
  readonly name: string;
  readonly arn: string;
  /** The unique ID (AIDA…, AGPA…, AROA…). */
  readonly id: string;
  readonly path: string;
  readonly createdAt: string;
  readonly inline: readonly InlinePolicyModel[];
  /** ARNs of the attached managed policies. */
  readonly attached: readonly string[];
}

export interface UserModel extends HolderModel {
  readonly kind: 'user';
  readonly groups: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly boundaryArn: string | null;
  /** From the credential report; undefined when none was exported or it does not list the user. */
  readonly credentials?: CredentialFacts;
}

export interface GroupModel extends HolderModel {
  readonly kind: 'group';
  /** Names of the users in the group. */
  readonly members: readonly string[];
}

export interface RoleModel extends HolderModel {
  readonly kind: 'role';
  readonly trustPolicy: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly boundaryArn: string | null;
  readonly lastUsed: string | null;
  readonly description?: string;
  /** Names of the instance profiles that hold the role. */
  readonly instanceProfiles: readonly string[];
  /** A service-linked role (path `/aws-service-role/`): only its service assumes it and SCPs do not limit it. */
  readonly serviceLinked: boolean;
}

export interface PolicyVersionModel {
  readonly versionId: string;
  readonly document: string;
  readonly isDefault: boolean;
  readonly createdAt?: string;
}

export interface PolicyModel {
  readonly arn: string;
  readonly name: string;
  readonly id: string;
  readonly awsManaged: boolean;
  readonly defaultVersionId: string;
  /** The default version's document. */
  readonly document: string;
  readonly versions: readonly PolicyVersionModel[];
  readonly createdAt?: string;
}

type Raw = Record<string, unknown>;

const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const time = (value: unknown): string => (typeof value === 'number' ? new Date(value * 1000).toISOString() : new Date(String(value)).toISOString());

function tagsOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of list(value)) out[text(tag['Key'])] = text(tag['Value']);
  return out;
}

function inlineOf(value: unknown): InlinePolicyModel[] {
  return list(value).map((p) => ({ name: text(p['PolicyName']), document: documentText(p['PolicyDocument'] as string) }));
}

function attachedOf(value: unknown): string[] {
  return list(value).map((p) => text(p['PolicyArn']));
}

/** Reads an export into the account model. */
export function accountModelOf(account: AccountExport): AccountModel {
  const details = account.details as unknown as Raw;
  const credentials = new Map((account.credentials ?? []).filter((c) => !c.isRoot).map((c) => [c.user.toLowerCase(), c]));
  const users: UserModel[] = list(details['UserDetailList']).map((u) => {
    const name = text(u['UserName']);
    const facts = credentials.get(name.toLowerCase());
    return {
      kind: 'user',
      name,
      arn: text(u['Arn']),
      id: text(u['UserId']),
      path: text(u['Path']) || '/',
      createdAt: time(u['CreateDate']),
      inline: inlineOf(u['UserPolicyList']),
      attached: attachedOf(u['AttachedManagedPolicies']),
      groups: list(u['GroupList']).map((g) => String(g)),
      tags: tagsOf(u['Tags']),
      boundaryArn:
        (u['PermissionsBoundary'] as Raw | undefined)?.['PermissionsBoundaryArn'] === undefined
          ? null
          : text((u['PermissionsBoundary'] as Raw)['PermissionsBoundaryArn']),
      ...(facts !== undefined ? { credentials: facts } : {}),
    };
  });
  const membersOf = new Map<string, string[]>();
  for (const user of users) for (const group of user.groups) membersOf.set(group.toLowerCase(), [...(membersOf.get(group.toLowerCase()) ?? []), user.name]);
  const groups: GroupModel[] = list(details['GroupDetailList']).map((g) => {
    const name = text(g['GroupName']);
    return {
      kind: 'group',
      name,
      arn: text(g['Arn']),
      id: text(g['GroupId']),
      path: text(g['Path']) || '/',
      createdAt: time(g['CreateDate']),
      inline: inlineOf(g['GroupPolicyList']),
      attached: attachedOf(g['AttachedManagedPolicies']),
      members: membersOf.get(name.toLowerCase()) ?? [],
    };
  });
  const roles: RoleModel[] = list(details['RoleDetailList']).map((r) => {
    const path = text(r['Path']) || '/';
    const lastUsed = (r['RoleLastUsed'] as Raw | undefined)?.['LastUsedDate'];
    return {
      kind: 'role',
      name: text(r['RoleName']),
      arn: text(r['Arn']),
      id: text(r['RoleId']),
      path,
      createdAt: time(r['CreateDate']),
      inline: inlineOf(r['RolePolicyList']),
      attached: attachedOf(r['AttachedManagedPolicies']),
      trustPolicy: documentText(r['AssumeRolePolicyDocument'] as string),
      tags: tagsOf(r['Tags']),
      boundaryArn:
        (r['PermissionsBoundary'] as Raw | undefined)?.['PermissionsBoundaryArn'] === undefined
          ? null
          : text((r['PermissionsBoundary'] as Raw)['PermissionsBoundaryArn']),
      lastUsed: lastUsed === undefined ? null : time(lastUsed),
      ...(typeof r['Description'] === 'string' ? { description: r['Description'] } : {}),
      instanceProfiles: list(r['InstanceProfileList']).map((p) => text(p['InstanceProfileName'])),
      serviceLinked: path.startsWith('/aws-service-role/'),
    };
  });
  const policies = new Map<string, PolicyModel>();
  for (const p of list(details['Policies'])) {
    const arn = text(p['Arn']);
    const defaultVersionId = text(p['DefaultVersionId']);
    const versions = list(p['PolicyVersionList'])
      .filter((v) => v['Document'] !== undefined)
      .map((v) => ({
        versionId: text(v['VersionId']),
        document: documentText(v['Document'] as string),
        isDefault: v['IsDefaultVersion'] === true || v['VersionId'] === defaultVersionId,
        ...(v['CreateDate'] !== undefined ? { createdAt: time(v['CreateDate']) } : {}),
      }));
    policies.set(arn, {
      arn,
      name: text(p['PolicyName']),
      id: text(p['PolicyId']),
      awsManaged: arn.startsWith('arn:aws:iam::aws:policy/'),
      defaultVersionId,
      document: versions.find((v) => v.versionId === defaultVersionId)?.document ?? '',
      versions,
      ...(p['CreateDate'] !== undefined ? { createdAt: time(p['CreateDate']) } : {}),
    });
  }
  const root = account.credentials?.find((c) => c.isRoot);
  return { accountId: account.accountId, users, groups, roles, policies, ...(root !== undefined ? { root } : {}) };
}

/** Who holds each managed policy (attached, not as a boundary). */
export function holdersOf(model: AccountModel): Map<string, (UserModel | GroupModel | RoleModel)[]> {
  const out = new Map<string, (UserModel | GroupModel | RoleModel)[]>();
  for (const holder of [...model.users, ...model.groups, ...model.roles]) {
    for (const arn of holder.attached) out.set(arn, [...(out.get(arn) ?? []), holder]);
  }
  return out;
}
