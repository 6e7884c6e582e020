import type { AccountRecord } from '../types.js';
import type { RepositoryContext } from './context.js';
import type { OrgHandshakesTable } from './organizationTables.js';

/** An organization as stored. */
export interface OrganizationRecord {
  readonly id: string;
  readonly managementAccountId: string;
  readonly featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly createdAt: string;
}

/** A root (no parent; carries the enabled policy types) or an organizational unit. */
export interface OrgUnitRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly parentId: string | null;
  readonly kind: 'ROOT' | 'ORGANIZATIONAL_UNIT';
  readonly name: string;
  /** Enabled policy types; roots only (empty for OUs). */
  readonly policyTypes: readonly string[];
  readonly createdAt: string;
}

export interface MembershipRecord {
  readonly accountId: string;
  readonly organizationId: string;
  readonly joinedMethod: 'INVITED' | 'CREATED';
  readonly joinedAt: string;
}

export interface CreateAccountRequestRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly accountName: string;
  readonly state: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  readonly requestedAt: string;
  readonly completedAt: string | null;
  readonly accountId: string | null;
  readonly failureReason: string | null;
}

/**
 * A handshake: an invitation from an organization to an account (`partyType` ACCOUNT with its ID,
 * or EMAIL with its owner's address) with the tags the account gets when it accepts; or a step of
 * enabling all features (the organization's request, each invited account's, the approval).
 */
export interface HandshakeRecord {
  readonly id: string;
  readonly organizationId: string;
  readonly action: 'INVITE' | 'ENABLE_ALL_FEATURES' | 'APPROVE_ALL_FEATURES';
  readonly state: 'OPEN' | 'ACCEPTED' | 'DECLINED' | 'CANCELED';
  readonly partyType: 'ACCOUNT' | 'EMAIL' | 'ORGANIZATION';
  readonly partyId: string;
  readonly notes: string | null;
  readonly tags: readonly { Key: string; Value: string }[];
  /** The handshake this one is part of (an account's ENABLE_ALL_FEATURES, the APPROVE_ALL_FEATURES). */
  readonly parentId: string | null;
  readonly requestedAt: string;
  readonly expiresAt: string;
  /** When the state last changed (the request time while it is open). */
  readonly changedAt: string;
}

/** The organization tree: organizations, roots, OUs, account placement, CreateAccount requests and handshakes. */
export interface OrganizationsRepository {
  create(org: OrganizationRecord): Promise<void>;
  get(id: string): Promise<OrganizationRecord | undefined>;
  setFeatureSet(id: string, featureSet: OrganizationRecord['featureSet']): Promise<void>;
  /** Deletes the organization and every row that belongs to it (units, policies, tags, requests, memberships). */
  delete(id: string): Promise<void>;

  createUnit(unit: Omit<OrgUnitRecord, 'createdAt'>): Promise<OrgUnitRecord>;
  getUnit(organizationId: string, id: string): Promise<OrgUnitRecord | undefined>;
  root(organizationId: string): Promise<OrgUnitRecord | undefined>;
  /** The units from the root down to `unitId`, inclusive; undefined when one of them is missing. */
  unitPath(organizationId: string, unitId: string): Promise<OrgUnitRecord[] | undefined>;
  /** OUs directly under `parentId`, by name. */
  childUnits(organizationId: string, parentId: string): Promise<OrgUnitRecord[]>;
  countUnits(organizationId: string): Promise<number>;
  renameUnit(organizationId: string, id: string, name: string): Promise<void>;
  setPolicyTypes(organizationId: string, rootId: string, types: readonly string[]): Promise<void>;
  deleteUnit(organizationId: string, id: string): Promise<void>;

  /** Places an account in an organization under a parent, or takes it out (both null). */
  placeAccount(accountId: string, organizationId: string | null, parentId: string | null): Promise<void>;
  setAccountStatus(accountId: string, status: AccountRecord['status']): Promise<void>;
  /** Accounts of the organization (or only those directly under `parentId`), by id. */
  accounts(organizationId: string, parentId?: string): Promise<AccountRecord[]>;
  join(membership: MembershipRecord): Promise<void>;
  membership(accountId: string): Promise<MembershipRecord | undefined>;
  leave(accountId: string): Promise<void>;

  createRequest(request: CreateAccountRequestRecord): Promise<void>;
  completeRequest(id: string, change: Pick<CreateAccountRequestRecord, 'state' | 'completedAt' | 'accountId' | 'failureReason'>): Promise<void>;
  getRequest(organizationId: string, id: string): Promise<CreateAccountRequestRecord | undefined>;
  /** Requests of the organization, newest first. */
  requests(organizationId: string): Promise<CreateAccountRequestRecord[]>;

  createHandshake(handshake: HandshakeRecord): Promise<void>;
  getHandshake(id: string): Promise<HandshakeRecord | undefined>;
  setHandshakeState(id: string, state: HandshakeRecord['state'], at: string): Promise<void>;
  /** The organization's handshakes, oldest first. */
  handshakes(organizationId: string): Promise<HandshakeRecord[]>;
  /** Handshakes sent to any of `parties` (account IDs and email addresses, any case), oldest first. */
  handshakesTo(parties: readonly string[]): Promise<HandshakeRecord[]>;
}

type UnitRow = {
  id: string;
  organization_id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  policy_types: string | null;
  created_at: string;
};

function unitRecord(row: UnitRow): OrgUnitRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    parentId: row.parent_id,
    kind: row.kind as OrgUnitRecord['kind'],
    name: row.name,
    policyTypes: row.policy_types === null ? [] : (JSON.parse(row.policy_types) as string[]),
    createdAt: row.created_at,
  };
}

type RequestRow = {
  id: string;
  organization_id: string;
  account_name: string;
  state: string;
  requested_at: string;
  completed_at: string | null;
  account_id: string | null;
  failure_reason: string | null;
};

function handshakeRecord(row: OrgHandshakesTable): HandshakeRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    action: row.action as HandshakeRecord['action'],
    state: row.state as HandshakeRecord['state'],
    partyType: row.party_type as HandshakeRecord['partyType'],
    partyId: row.party_id,
    notes: row.notes,
    tags: row.tags === null ? [] : (JSON.parse(row.tags) as HandshakeRecord['tags']),
    parentId: row.parent_id,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    changedAt: row.changed_at,
  };
}

function requestRecord(row: RequestRow): CreateAccountRequestRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    accountName: row.account_name,
    state: row.state as CreateAccountRequestRecord['state'],
    requestedAt: row.requested_at,
    completedAt: row.completed_at,
    accountId: row.account_id,
    failureReason: row.failure_reason,
  };
}

/** The organization tree over one database handle. */
export function organizationsRepository({ db, now }: RepositoryContext): OrganizationsRepository {
  return {
    async create(org) {
      await db
        .insertInto('organizations')
        .values({ id: org.id, management_account_id: org.managementAccountId, feature_set: org.featureSet, created_at: org.createdAt })
        .execute();
    },

    async get(id) {
      const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            id: row.id,
            managementAccountId: row.management_account_id,
            featureSet: row.feature_set as OrganizationRecord['featureSet'],
            createdAt: row.created_at,
          };
    },

    async setFeatureSet(id, featureSet) {
      await db.updateTable('organizations').set({ feature_set: featureSet }).where('id', '=', id).execute();
    },

    async delete(id) {
      for (const table of [
        'org_handshakes',
        'org_tags',
        'org_create_account_requests',
        'org_policy_attachments',
        'org_policies',
        'org_memberships',
        'org_units',
      ] as const) {
        await db.deleteFrom(table).where('organization_id', '=', id).execute();
      }
      await db.updateTable('accounts').set({ organization_id: null, parent_id: null }).where('organization_id', '=', id).execute();
      await db.deleteFrom('organizations').where('id', '=', id).execute();
    },

    async createUnit(unit) {
      const row = {
        id: unit.id,
        organization_id: unit.organizationId,
        parent_id: unit.parentId,
        kind: unit.kind,
        name: unit.name,
        name_lower: unit.name.toLowerCase(),
        policy_types: unit.kind === 'ROOT' ? JSON.stringify(unit.policyTypes) : null,
        created_at: now(),
      };
      await db.insertInto('org_units').values(row).execute();
      return unitRecord(row);
    },

    async getUnit(organizationId, id) {
      const row = await db.selectFrom('org_units').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : unitRecord(row);
    },

    async unitPath(organizationId, unitId) {
      const path: OrgUnitRecord[] = [];
      for (let id: string | null = unitId; id !== null; ) {
        const row = await db.selectFrom('org_units').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
        if (row === undefined) return undefined;
        const unit = unitRecord(row);
        path.unshift(unit);
        id = unit.parentId;
      }
      return path;
    },

    async root(organizationId) {
      const row = await db.selectFrom('org_units').selectAll().where('organization_id', '=', organizationId).where('kind', '=', 'ROOT').executeTakeFirst();
      return row === undefined ? undefined : unitRecord(row);
    },

    async childUnits(organizationId, parentId) {
      const rows = await db
        .selectFrom('org_units')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('parent_id', '=', parentId)
        .orderBy('name_lower')
        .orderBy('id')
        .execute();
      return rows.map(unitRecord);
    },

    async countUnits(organizationId) {
      const row = await db
        .selectFrom('org_units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organization_id', '=', organizationId)
        .where('kind', '=', 'ORGANIZATIONAL_UNIT')
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async renameUnit(organizationId, id, name) {
      await db
        .updateTable('org_units')
        .set({ name, name_lower: name.toLowerCase() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .execute();
    },

    async setPolicyTypes(organizationId, rootId, types) {
      await db
        .updateTable('org_units')
        .set({ policy_types: JSON.stringify(types) })
        .where('organization_id', '=', organizationId)
        .where('id', '=', rootId)
        .execute();
    },

    async deleteUnit(organizationId, id) {
      await db.deleteFrom('org_units').where('organization_id', '=', organizationId).where('id', '=', id).execute();
    },

    async placeAccount(accountId, organizationId, parentId) {
      await db.updateTable('accounts').set({ organization_id: organizationId, parent_id: parentId }).where('id', '=', accountId).execute();
    },

    async setAccountStatus(accountId, status) {
      await db.updateTable('accounts').set({ status }).where('id', '=', accountId).execute();
    },

    async accounts(organizationId, parentId) {
      let query = db.selectFrom('accounts').selectAll().where('organization_id', '=', organizationId);
      if (parentId !== undefined) query = query.where('parent_id', '=', parentId);
      const rows = await query.orderBy('id').execute();
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        email: row.email,
        status: row.status as AccountRecord['status'],
        organizationId: row.organization_id,
        parentId: row.parent_id,
        createdAt: row.created_at,
      }));
    },

    async join(m) {
      await db.deleteFrom('org_memberships').where('account_id', '=', m.accountId).execute();
      await db
        .insertInto('org_memberships')
        .values({ account_id: m.accountId, organization_id: m.organizationId, joined_method: m.joinedMethod, joined_at: m.joinedAt })
        .execute();
    },

    async membership(accountId) {
      const row = await db.selectFrom('org_memberships').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            accountId: row.account_id,
            organizationId: row.organization_id,
            joinedMethod: row.joined_method as MembershipRecord['joinedMethod'],
            joinedAt: row.joined_at,
          };
    },

    async leave(accountId) {
      await db.deleteFrom('org_memberships').where('account_id', '=', accountId).execute();
      await db.updateTable('accounts').set({ organization_id: null, parent_id: null }).where('id', '=', accountId).execute();
    },

    async createRequest(r) {
      await db
        .insertInto('org_create_account_requests')
        .values({
          id: r.id,
          organization_id: r.organizationId,
          account_name: r.accountName,
          state: r.state,
          requested_at: r.requestedAt,
          completed_at: r.completedAt,
          account_id: r.accountId,
          failure_reason: r.failureReason,
        })
        .execute();
    },

    async completeRequest(id, change) {
      await db
        .updateTable('org_create_account_requests')
        .set({ state: change.state, completed_at: change.completedAt, account_id: change.accountId, failure_reason: change.failureReason })
        .where('id', '=', id)
        .execute();
    },

    async getRequest(organizationId, id) {
      const row = await db
        .selectFrom('org_create_account_requests')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : requestRecord(row);
    },

    async requests(organizationId) {
      const rows = await db
        .selectFrom('org_create_account_requests')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .orderBy('requested_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(requestRecord);
    },

    async createHandshake(h) {
      await db
        .insertInto('org_handshakes')
        .values({
          id: h.id,
          organization_id: h.organizationId,
          action: h.action,
          state: h.state,
          party_type: h.partyType,
          party_id: h.partyId,
          party_id_lower: h.partyId.toLowerCase(),
          notes: h.notes,
          tags: h.tags.length === 0 ? null : JSON.stringify(h.tags),
          parent_id: h.parentId,
          requested_at: h.requestedAt,
          expires_at: h.expiresAt,
          changed_at: h.changedAt,
        })
        .execute();
    },

    async getHandshake(id) {
      const row = await db.selectFrom('org_handshakes').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : handshakeRecord(row);
    },

    async setHandshakeState(id, state, at) {
      await db.updateTable('org_handshakes').set({ state, changed_at: at }).where('id', '=', id).execute();
    },

    async handshakes(organizationId) {
      const rows = await db
        .selectFrom('org_handshakes')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .orderBy('requested_at')
        .orderBy('id')
        .execute();
      return rows.map(handshakeRecord);
    },

    async handshakesTo(parties) {
      if (parties.length === 0) return [];
      const rows = await db
        .selectFrom('org_handshakes')
        .selectAll()
        .where(
          'party_id_lower',
          'in',
          parties.map((p) => p.toLowerCase()),
        )
        .orderBy('requested_at')
        .orderBy('id')
        .execute();
      return rows.map(handshakeRecord);
    },
  };
}
