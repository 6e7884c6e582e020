import type {
  BucketFacts,
  GroupFacts,
  HolderKind,
  InlinePolicyFacts,
  ManagedPolicyFacts,
  OrganizationPathFacts,
  PolicyReader,
  RoleFacts,
  UserFacts,
} from '../../auth/policies/index.js';
import { documentText } from './authorizationDetails.js';
import type {
  AuthorizationDetails,
  ExportedAttachedPolicy,
  ExportedInlinePolicy,
  ExportedManagedPolicy,
  ExportedRole,
  ExportedUser,
  ExportedGroup,
} from './authorizationDetails.js';

/** Options of {@link AccountSnapshot.fromAuthorizationDetails}. */
export interface SnapshotOptions {
  /**
   * AWS managed policies the export does not list (it lists them only with the `AWSManagedPolicy`
   * filter): looked up here by ARN, e.g. in Gatehouse's copy of AWS's managed policies.
   */
  readonly awsManagedPolicy?: (arn: string) => ManagedPolicyFacts | undefined;
  /** Where each account sits in its organization (from an Organizations export); absent: in none. */
  readonly organizationPaths?: ReadonlyMap<string, OrganizationPathFacts>;
  /**
   * S3 buckets with their policies and Block Public Access (from an S3 export: ListBuckets,
   * GetBucketPolicy, GetPublicAccessBlock and the account's s3control GetPublicAccessBlock), by name.
   */
  readonly buckets?: ReadonlyMap<string, BucketFacts>;
}

interface Holder {
  readonly inline: readonly InlinePolicyFacts[];
  readonly attached: readonly string[];
}

/** One managed policy with every version the export holds. */
export interface SnapshotPolicy {
  readonly facts: ManagedPolicyFacts;
  readonly versions: readonly { readonly versionId: string; readonly document: string; readonly isDefault: boolean }[];
}

/**
 * An AWS account as its `GetAccountAuthorizationDetails` export describes it, held in memory: the
 * policy reader behind offline analysis. Every lookup is a map read; names compare
 * case-insensitively, as IAM's do. Immutable once built.
 */
export class AccountSnapshot implements PolicyReader {
  readonly accountId: string;
  readonly users = new Map<string, UserFacts & { readonly groups: readonly string[] }>();
  readonly groups = new Map<string, GroupFacts>();
  readonly roles = new Map<string, RoleFacts>();
  readonly policies = new Map<string, SnapshotPolicy>();
  readonly #holders = new Map<string, Holder>();
  readonly #options: SnapshotOptions;

  private constructor(accountId: string, options: SnapshotOptions) {
    this.accountId = accountId;
    this.#options = options;
  }

  /**
   * Builds the snapshot from one or more pages of the export (the AWS CLI merges pages into one).
   * Throws `SnapshotError` naming the member that is missing or malformed.
   */
  static fromAuthorizationDetails(pages: AuthorizationDetails | readonly AuthorizationDetails[], options: SnapshotOptions = {}): AccountSnapshot {
    const list: readonly AuthorizationDetails[] = Array.isArray(pages) ? pages : [pages as AuthorizationDetails];
    const accountId = findAccount(list);
    const snapshot = new AccountSnapshot(accountId, options);
    for (const page of list) {
      for (const [i, user] of (page.UserDetailList ?? []).entries()) snapshot.#addUser(user, `UserDetailList[${i}]`);
      for (const [i, group] of (page.GroupDetailList ?? []).entries()) snapshot.#addGroup(group, `GroupDetailList[${i}]`);
      for (const [i, role] of (page.RoleDetailList ?? []).entries()) snapshot.#addRole(role, `RoleDetailList[${i}]`);
      for (const [i, policy] of (page.Policies ?? []).entries()) snapshot.#addPolicy(policy, `Policies[${i}]`);
    }
    return snapshot;
  }

  async user(accountId: string, name: string): Promise<UserFacts | undefined> {
    return accountId === this.accountId ? this.users.get(name.toLowerCase()) : undefined;
  }

  async role(accountId: string, name: string): Promise<RoleFacts | undefined> {
    return accountId === this.accountId ? this.roles.get(name.toLowerCase()) : undefined;
  }

  async group(accountId: string, name: string): Promise<GroupFacts | undefined> {
    return accountId === this.accountId ? this.groups.get(name.toLowerCase()) : undefined;
  }

  async groupsOf(accountId: string, userName: string): Promise<readonly string[]> {
    return accountId === this.accountId ? (this.users.get(userName.toLowerCase())?.groups ?? []) : [];
  }

  async inlinePolicies(accountId: string, kind: HolderKind, name: string): Promise<readonly InlinePolicyFacts[]> {
    return accountId === this.accountId ? (this.#holders.get(holderKey(kind, name))?.inline ?? []) : [];
  }

  async attachedPolicies(accountId: string, kind: HolderKind, name: string): Promise<readonly string[]> {
    return accountId === this.accountId ? (this.#holders.get(holderKey(kind, name))?.attached ?? []) : [];
  }

  async managedPolicy(arn: string): Promise<ManagedPolicyFacts | undefined> {
    return this.policies.get(arn)?.facts ?? (isAwsManaged(arn) ? this.#options.awsManagedPolicy?.(arn) : undefined);
  }

  async bucket(name: string): Promise<BucketFacts | undefined> {
    return this.#options.buckets?.get(name);
  }

  async organizationPath(accountId: string): Promise<OrganizationPathFacts | null> {
    return this.#options.organizationPaths?.get(accountId) ?? null;
  }

  #addUser(user: ExportedUser, at: string): void {
    requireString(user.UserName, `${at}.UserName`);
    requireString(user.Arn, `${at}.Arn`);
    this.users.set(user.UserName.toLowerCase(), {
      accountId: this.accountId,
      userId: user.UserId,
      name: user.UserName,
      arn: user.Arn,
      permissionsBoundaryArn: user.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
      groups: user.GroupList ?? [],
    });
    this.#holders.set(holderKey('user', user.UserName), holder(user.UserPolicyList, user.AttachedManagedPolicies, `${at}.UserPolicyList`));
  }

  #addGroup(group: ExportedGroup, at: string): void {
    requireString(group.GroupName, `${at}.GroupName`);
    requireString(group.Arn, `${at}.Arn`);
    this.groups.set(group.GroupName.toLowerCase(), { accountId: this.accountId, groupId: group.GroupId, name: group.GroupName, arn: group.Arn });
    this.#holders.set(holderKey('group', group.GroupName), holder(group.GroupPolicyList, group.AttachedManagedPolicies, `${at}.GroupPolicyList`));
  }

  #addRole(role: ExportedRole, at: string): void {
    requireString(role.RoleName, `${at}.RoleName`);
    requireString(role.Arn, `${at}.Arn`);
    this.roles.set(role.RoleName.toLowerCase(), {
      accountId: this.accountId,
      roleId: role.RoleId,
      name: role.RoleName,
      arn: role.Arn,
      trustPolicy: role.AssumeRolePolicyDocument === undefined ? '' : documentText(role.AssumeRolePolicyDocument),
      permissionsBoundaryArn: role.PermissionsBoundary?.PermissionsBoundaryArn ?? null,
    });
    this.#holders.set(holderKey('role', role.RoleName), holder(role.RolePolicyList, role.AttachedManagedPolicies, `${at}.RolePolicyList`));
  }

  #addPolicy(policy: ExportedManagedPolicy, at: string): void {
    requireString(policy.Arn, `${at}.Arn`);
    requireString(policy.DefaultVersionId, `${at}.DefaultVersionId`);
    const versions = (policy.PolicyVersionList ?? [])
      .filter((v) => v.Document !== undefined)
      .map((v) => ({ versionId: v.VersionId, document: documentText(v.Document!), isDefault: v.IsDefaultVersion }));
    const defaultVersion = versions.find((v) => v.versionId === policy.DefaultVersionId) ?? versions.find((v) => v.isDefault);
    if (defaultVersion === undefined) throw new SnapshotError(`${at}.PolicyVersionList`, `the default version ${policy.DefaultVersionId} of ${policy.Arn}`);
    this.policies.set(policy.Arn, {
      facts: {
        arn: policy.Arn,
        policyId: policy.PolicyId ?? policy.Arn,
        name: policy.PolicyName,
        awsManaged: isAwsManaged(policy.Arn),
        defaultVersionId: defaultVersion.versionId,
        document: defaultVersion.document,
      },
      versions,
    });
  }
}

/** A member of an export that is missing or not what IAM's output holds there. */
export class SnapshotError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

function holder(inline: readonly ExportedInlinePolicy[] | undefined, attached: readonly ExportedAttachedPolicy[] | undefined, at: string): Holder {
  return {
    inline: (inline ?? []).map((p, i) => {
      requireString(p.PolicyName, `${at}[${i}].PolicyName`);
      if (p.PolicyDocument === undefined || p.PolicyDocument === null) throw new SnapshotError(`${at}[${i}].PolicyDocument`, 'a policy document');
      return { policyName: p.PolicyName, document: documentText(p.PolicyDocument) };
    }),
    attached: (attached ?? []).map((p) => p.PolicyArn),
  };
}

function holderKey(kind: HolderKind, name: string): string {
  return `${kind}/${name.toLowerCase()}`;
}

function isAwsManaged(arn: string): boolean {
  return arn.startsWith('arn:aws:iam::aws:policy/');
}

function requireString(value: unknown, path: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new SnapshotError(path, 'a non-empty string');
}

/** The account every ARN of the export names (users, groups, roles, customer managed policies). */
function findAccount(pages: readonly AuthorizationDetails[]): string {
  for (const page of pages) {
    for (const entity of [...(page.UserDetailList ?? []), ...(page.GroupDetailList ?? []), ...(page.RoleDetailList ?? [])]) {
      const account = typeof entity?.Arn === 'string' ? entity.Arn.split(':')[4] : undefined;
      if (account !== undefined && /^\d{12}$/.test(account)) return account;
    }
    for (const policy of page.Policies ?? []) {
      const account = typeof policy?.Arn === 'string' ? policy.Arn.split(':')[4] : undefined;
      if (account !== undefined && /^\d{12}$/.test(account)) return account;
    }
  }
  throw new SnapshotError('UserDetailList/GroupDetailList/RoleDetailList/Policies', 'at least one entity whose Arn names a 12-digit account');
}
