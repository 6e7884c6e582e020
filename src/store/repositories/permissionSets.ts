import type { Selectable } from 'kysely';
import type { SsoPermissionSetsTable, SsoRequestsTable } from './identityCenterTables.js';
import { insertUnique } from '../storeErrors.js';
import type { RepositoryContext } from './context.js';
import type { SsoTag } from './ssoInstances.js';

/** A customer managed policy named by name and path, found in each account a permission set is provisioned to. */
export interface CustomerManagedPolicyRef {
  readonly Name: string;
  readonly Path?: string;
}

/** A permission set's boundary: an AWS managed policy, or a customer managed one by name and path. */
export type PermissionSetBoundary = { readonly ManagedPolicyArn: string } | { readonly CustomerManagedPolicyReference: CustomerManagedPolicyRef };

export interface PermissionSetRecord {
  readonly instanceId: string;
  readonly permissionSetId: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string | null;
  /** ISO 8601 duration (`PT1H`). */
  readonly sessionDuration: string;
  readonly relayState: string | null;
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly CustomerManagedPolicyRef[];
  readonly inlinePolicy: string | null;
  readonly permissionsBoundary: PermissionSetBoundary | null;
  readonly tags: readonly SsoTag[];
  /** Grows with every change to what a provisioned role would get. */
  readonly version: number;
  readonly createdAt: string;
}

export type NewPermissionSet = Omit<PermissionSetRecord, 'version' | 'createdAt'> & { readonly createdAt?: string };

export interface PermissionSetPatch {
  description?: string | null;
  sessionDuration?: string;
  relayState?: string | null;
  managedPolicies?: readonly string[];
  customerManagedPolicies?: readonly CustomerManagedPolicyRef[];
  inlinePolicy?: string | null;
  permissionsBoundary?: PermissionSetBoundary | null;
  tags?: readonly SsoTag[];
}

/** Who an assignment is for. */
export type AssignmentPrincipalType = 'USER' | 'GROUP';

export interface AccountAssignmentRecord {
  readonly instanceId: string;
  readonly permissionSetId: string;
  readonly accountId: string;
  readonly principalType: AssignmentPrincipalType;
  readonly principalId: string;
  readonly createdAt: string;
}

/** A permission set provisioned to an account: its role there, and the version it reflects. */
export interface ProvisionedRecord {
  readonly instanceId: string;
  readonly permissionSetId: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly version: number;
  readonly provisionedAt: string;
}

/** The kinds of asynchronous request SSO Admin reports the status of. */
export type SsoRequestKind = 'ASSIGNMENT_CREATION' | 'ASSIGNMENT_DELETION' | 'PROVISIONING';

export interface SsoRequestRecord {
  readonly requestId: string;
  readonly instanceId: string;
  readonly kind: SsoRequestKind;
  readonly status: 'IN_PROGRESS' | 'FAILED' | 'SUCCEEDED';
  readonly failureReason: string | null;
  /** What the request was about (target, principal, permission set), as its status output names it. */
  readonly details: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

/** Which assignments a listing returns; absent members match any. */
export interface AssignmentFilter {
  readonly permissionSetId?: string;
  readonly accountId?: string;
  readonly principalType?: AssignmentPrincipalType;
  readonly principalId?: string;
  /** Any of these principal IDs (a user and the groups it is in). */
  readonly principalIds?: readonly string[];
}

/** Permission sets, account assignments, what is provisioned where, and the status of each request. */
export interface PermissionSetsRepository {
  /** Throws `DuplicateError` when the instance has a permission set of that name (any case). */
  create(set: NewPermissionSet): Promise<PermissionSetRecord>;
  get(instanceId: string, permissionSetId: string): Promise<PermissionSetRecord | undefined>;
  byName(instanceId: string, name: string): Promise<PermissionSetRecord | undefined>;
  list(instanceId: string): Promise<PermissionSetRecord[]>;
  /** Applies the patch; `bumpVersion` marks the provisioned roles out of date. */
  update(instanceId: string, permissionSetId: string, patch: PermissionSetPatch, bumpVersion: boolean): Promise<PermissionSetRecord | undefined>;
  delete(instanceId: string, permissionSetId: string): Promise<boolean>;

  /** Returns false when the assignment already exists. */
  createAssignment(assignment: Omit<AccountAssignmentRecord, 'createdAt'> & { createdAt?: string }): Promise<boolean>;
  deleteAssignment(assignment: Omit<AccountAssignmentRecord, 'createdAt'>): Promise<boolean>;
  listAssignments(instanceId: string, filter: AssignmentFilter): Promise<AccountAssignmentRecord[]>;

  getProvisioned(instanceId: string, permissionSetId: string, accountId: string): Promise<ProvisionedRecord | undefined>;
  putProvisioned(record: ProvisionedRecord): Promise<void>;
  deleteProvisioned(instanceId: string, permissionSetId: string, accountId: string): Promise<void>;
  listProvisioned(instanceId: string, filter: { permissionSetId?: string; accountId?: string }): Promise<ProvisionedRecord[]>;

  createRequest(request: SsoRequestRecord): Promise<void>;
  getRequest(instanceId: string, requestId: string): Promise<SsoRequestRecord | undefined>;
  listRequests(instanceId: string, kind: SsoRequestKind): Promise<SsoRequestRecord[]>;
}

function setRecord(row: Selectable<SsoPermissionSetsTable>): PermissionSetRecord {
  return {
    instanceId: row.instance_id,
    permissionSetId: row.permission_set_id,
    arn: row.arn,
    name: row.name,
    description: row.description,
    sessionDuration: row.session_duration,
    relayState: row.relay_state,
    managedPolicies: JSON.parse(row.managed_policies) as string[],
    customerManagedPolicies: JSON.parse(row.customer_managed_policies) as CustomerManagedPolicyRef[],
    inlinePolicy: row.inline_policy,
    permissionsBoundary: row.permissions_boundary === null ? null : (JSON.parse(row.permissions_boundary) as PermissionSetBoundary),
    tags: JSON.parse(row.tags) as SsoTag[],
    version: Number(row.version),
    createdAt: row.created_at,
  };
}

function requestRecord(row: Selectable<SsoRequestsTable>): SsoRequestRecord {
  return {
    requestId: row.request_id,
    instanceId: row.instance_id,
    kind: row.kind as SsoRequestKind,
    status: row.status as SsoRequestRecord['status'],
    failureReason: row.failure_reason,
    details: JSON.parse(row.details) as Record<string, string>,
    createdAt: row.created_at,
  };
}

/** Permission sets and what hangs off them, over one database handle. */
export function permissionSetsRepository({ db, now }: RepositoryContext): PermissionSetsRepository {
  const repo: PermissionSetsRepository = {
    async create(set) {
      const row: Selectable<SsoPermissionSetsTable> = {
        instance_id: set.instanceId,
        permission_set_id: set.permissionSetId,
        arn: set.arn,
        name: set.name,
        name_lower: set.name.toLowerCase(),
        description: set.description,
        session_duration: set.sessionDuration,
        relay_state: set.relayState,
        managed_policies: JSON.stringify(set.managedPolicies),
        customer_managed_policies: JSON.stringify(set.customerManagedPolicies),
        inline_policy: set.inlinePolicy,
        permissions_boundary: set.permissionsBoundary === null ? null : JSON.stringify(set.permissionsBoundary),
        tags: JSON.stringify(set.tags),
        version: 1,
        created_at: set.createdAt ?? now(),
      };
      await insertUnique('permission set', set.name, () => db.insertInto('sso_permission_sets').values(row).execute());
      return setRecord(row);
    },
    async get(instanceId, permissionSetId) {
      const row = await db
        .selectFrom('sso_permission_sets')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('permission_set_id', '=', permissionSetId)
        .executeTakeFirst();
      return row === undefined ? undefined : setRecord(row);
    },
    async byName(instanceId, name) {
      const row = await db
        .selectFrom('sso_permission_sets')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('name_lower', '=', name.toLowerCase())
        .executeTakeFirst();
      return row === undefined ? undefined : setRecord(row);
    },
    async list(instanceId) {
      const rows = await db
        .selectFrom('sso_permission_sets')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('created_at')
        .orderBy('permission_set_id')
        .execute();
      return rows.map(setRecord);
    },
    async update(instanceId, permissionSetId, patch, bumpVersion) {
      const current = await repo.get(instanceId, permissionSetId);
      if (current === undefined) return undefined;
      const values: Partial<SsoPermissionSetsTable> = {};
      if (patch.description !== undefined) values.description = patch.description;
      if (patch.sessionDuration !== undefined) values.session_duration = patch.sessionDuration;
      if (patch.relayState !== undefined) values.relay_state = patch.relayState;
      if (patch.managedPolicies !== undefined) values.managed_policies = JSON.stringify(patch.managedPolicies);
      if (patch.customerManagedPolicies !== undefined) values.customer_managed_policies = JSON.stringify(patch.customerManagedPolicies);
      if (patch.inlinePolicy !== undefined) values.inline_policy = patch.inlinePolicy;
      if (patch.permissionsBoundary !== undefined)
        values.permissions_boundary = patch.permissionsBoundary === null ? null : JSON.stringify(patch.permissionsBoundary);
      if (patch.tags !== undefined) values.tags = JSON.stringify(patch.tags);
      if (bumpVersion) values.version = current.version + 1;
      if (Object.keys(values).length > 0) {
        await db
          .updateTable('sso_permission_sets')
          .set(values)
          .where('instance_id', '=', instanceId)
          .where('permission_set_id', '=', permissionSetId)
          .execute();
      }
      return repo.get(instanceId, permissionSetId);
    },
    async delete(instanceId, permissionSetId) {
      const result = await db
        .deleteFrom('sso_permission_sets')
        .where('instance_id', '=', instanceId)
        .where('permission_set_id', '=', permissionSetId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async createAssignment(a) {
      // Checked first: a failed insert would end a PostgreSQL transaction.
      const existing = await repo.listAssignments(a.instanceId, {
        permissionSetId: a.permissionSetId,
        accountId: a.accountId,
        principalType: a.principalType,
        principalId: a.principalId,
      });
      if (existing.length > 0) return false;
      await db
        .insertInto('sso_account_assignments')
        .values({
          instance_id: a.instanceId,
          permission_set_id: a.permissionSetId,
          account_id: a.accountId,
          principal_type: a.principalType,
          principal_id: a.principalId,
          created_at: a.createdAt ?? now(),
        })
        .execute();
      return true;
    },
    async deleteAssignment(a) {
      const result = await db
        .deleteFrom('sso_account_assignments')
        .where('instance_id', '=', a.instanceId)
        .where('permission_set_id', '=', a.permissionSetId)
        .where('account_id', '=', a.accountId)
        .where('principal_type', '=', a.principalType)
        .where('principal_id', '=', a.principalId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async listAssignments(instanceId, filter) {
      let query = db.selectFrom('sso_account_assignments').selectAll().where('instance_id', '=', instanceId);
      if (filter.permissionSetId !== undefined) query = query.where('permission_set_id', '=', filter.permissionSetId);
      if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
      if (filter.principalType !== undefined) query = query.where('principal_type', '=', filter.principalType);
      if (filter.principalId !== undefined) query = query.where('principal_id', '=', filter.principalId);
      if (filter.principalIds !== undefined) {
        if (filter.principalIds.length === 0) return [];
        query = query.where('principal_id', 'in', [...filter.principalIds]);
      }
      const rows = await query.orderBy('account_id').orderBy('permission_set_id').orderBy('principal_type').orderBy('principal_id').execute();
      return rows.map((r) => ({
        instanceId: r.instance_id,
        permissionSetId: r.permission_set_id,
        accountId: r.account_id,
        principalType: r.principal_type as AssignmentPrincipalType,
        principalId: r.principal_id,
        createdAt: r.created_at,
      }));
    },

    async getProvisioned(instanceId, permissionSetId, accountId) {
      return (await repo.listProvisioned(instanceId, { permissionSetId, accountId }))[0];
    },
    async putProvisioned(p) {
      await repo.deleteProvisioned(p.instanceId, p.permissionSetId, p.accountId);
      await db
        .insertInto('sso_provisioned')
        .values({
          instance_id: p.instanceId,
          permission_set_id: p.permissionSetId,
          account_id: p.accountId,
          role_name: p.roleName,
          version: p.version,
          provisioned_at: p.provisionedAt,
        })
        .execute();
    },
    async deleteProvisioned(instanceId, permissionSetId, accountId) {
      await db
        .deleteFrom('sso_provisioned')
        .where('instance_id', '=', instanceId)
        .where('permission_set_id', '=', permissionSetId)
        .where('account_id', '=', accountId)
        .execute();
    },
    async listProvisioned(instanceId, filter) {
      let query = db.selectFrom('sso_provisioned').selectAll().where('instance_id', '=', instanceId);
      if (filter.permissionSetId !== undefined) query = query.where('permission_set_id', '=', filter.permissionSetId);
      if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
      const rows = await query.orderBy('account_id').orderBy('permission_set_id').execute();
      return rows.map((r) => ({
        instanceId: r.instance_id,
        permissionSetId: r.permission_set_id,
        accountId: r.account_id,
        roleName: r.role_name,
        version: Number(r.version),
        provisionedAt: r.provisioned_at,
      }));
    },

    async createRequest(r) {
      await db
        .insertInto('sso_requests')
        .values({
          request_id: r.requestId,
          instance_id: r.instanceId,
          kind: r.kind,
          status: r.status,
          failure_reason: r.failureReason,
          details: JSON.stringify(r.details),
          created_at: r.createdAt,
        })
        .execute();
    },
    async getRequest(instanceId, requestId) {
      const row = await db.selectFrom('sso_requests').selectAll().where('instance_id', '=', instanceId).where('request_id', '=', requestId).executeTakeFirst();
      return row === undefined ? undefined : requestRecord(row);
    },
    async listRequests(instanceId, kind) {
      const rows = await db
        .selectFrom('sso_requests')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .where('kind', '=', kind)
        .orderBy('created_at')
        .orderBy('request_id')
        .execute();
      return rows.map(requestRecord);
    },
  };
  return repo;
}
