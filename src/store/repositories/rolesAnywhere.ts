import type { Selectable } from 'kysely';
import type { RepositoryContext } from './context.js';
import { preparedQuery } from './prepared.js';
import type { RaCrlsTable, RaProfilesTable, RaSubjectsTable, RaTrustAnchorsTable } from './workloadIdentityTables.js';

/** A trust anchor's source: a PEM bundle (`CERTIFICATE_BUNDLE`, `SELF_SIGNED_REPOSITORY`) or a Private CA ARN. */
export interface TrustAnchorSource {
  readonly sourceType: string;
  readonly sourceData: { readonly x509CertificateData?: string; readonly acmPcaArn?: string };
}

/** One notification setting as Roles Anywhere returns it. */
export interface NotificationSettingRecord {
  readonly event: string;
  readonly enabled: boolean;
  readonly threshold?: number;
  readonly channel?: string;
  readonly configuredBy?: string;
}

export interface TrustAnchorRecord extends TrustAnchorSource {
  readonly accountId: string;
  readonly trustAnchorId: string;
  readonly arn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly notificationSettings: readonly NotificationSettingRecord[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A profile's attribute mapping: which specifiers of a certificate field become principal tags. */
export interface AttributeMappingRecord {
  readonly certificateField: string;
  readonly mappingRules: readonly { readonly specifier: string }[];
}

export interface ProfileRecord {
  readonly accountId: string;
  readonly profileId: string;
  readonly arn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly durationSeconds: number;
  readonly requireInstanceProperties: boolean;
  readonly acceptRoleSessionName: boolean;
  readonly sessionPolicy: string | null;
  readonly roleArns: readonly string[];
  readonly managedPolicyArns: readonly string[];
  readonly attributeMappings: readonly AttributeMappingRecord[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CrlRecord {
  readonly accountId: string;
  readonly crlId: string;
  readonly arn: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly trustAnchorArn: string;
  /** DER in base64. */
  readonly crlData: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A certificate a subject authenticated with, as GetSubject lists it. */
export interface SubjectCredentialRecord {
  /** The certificate, PEM. */
  readonly x509CertificateData: string;
  /** The certificate's issuer DN. */
  readonly issuer: string;
  /** The certificate's serial number, decimal. */
  readonly serialNumber: string;
  readonly enabled: boolean;
  readonly failed: boolean;
  readonly seenAt: string;
}

export interface SubjectInstancePropertiesRecord {
  readonly properties: Readonly<Record<string, string>>;
  readonly failed: boolean;
  readonly seenAt: string;
}

export interface SubjectRecord {
  readonly accountId: string;
  readonly subjectId: string;
  readonly arn: string;
  readonly x509Subject: string;
  readonly enabled: boolean;
  readonly credentials: readonly SubjectCredentialRecord[];
  readonly instanceProperties: readonly SubjectInstancePropertiesRecord[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSeenAt: string;
}

type Patch<T> = Partial<Omit<T, 'accountId' | 'arn' | 'createdAt' | 'updatedAt'>>;

/** IAM Roles Anywhere's resources. Each list is the account's, oldest first. */
export interface RolesAnywhereRepository {
  createTrustAnchor(record: Omit<TrustAnchorRecord, 'createdAt' | 'updatedAt'>): Promise<TrustAnchorRecord>;
  trustAnchor(trustAnchorId: string): Promise<TrustAnchorRecord | undefined>;
  trustAnchorByArn(arn: string): Promise<TrustAnchorRecord | undefined>;
  trustAnchors(accountId: string): Promise<TrustAnchorRecord[]>;
  updateTrustAnchor(trustAnchorId: string, patch: Patch<TrustAnchorRecord>): Promise<TrustAnchorRecord | undefined>;
  /** Deletes the trust anchor and the CRLs imported for it. */
  deleteTrustAnchor(trustAnchorId: string): Promise<boolean>;

  createProfile(record: Omit<ProfileRecord, 'createdAt' | 'updatedAt'>): Promise<ProfileRecord>;
  profile(profileId: string): Promise<ProfileRecord | undefined>;
  profileByArn(arn: string): Promise<ProfileRecord | undefined>;
  profiles(accountId: string): Promise<ProfileRecord[]>;
  updateProfile(profileId: string, patch: Patch<ProfileRecord>): Promise<ProfileRecord | undefined>;
  deleteProfile(profileId: string): Promise<boolean>;

  createCrl(record: Omit<CrlRecord, 'createdAt' | 'updatedAt'>): Promise<CrlRecord>;
  crl(crlId: string): Promise<CrlRecord | undefined>;
  crls(accountId: string): Promise<CrlRecord[]>;
  /** The CRLs imported for a trust anchor, enabled or not. */
  crlsFor(trustAnchorArn: string): Promise<CrlRecord[]>;
  updateCrl(crlId: string, patch: Patch<CrlRecord>): Promise<CrlRecord | undefined>;
  deleteCrl(crlId: string): Promise<boolean>;

  subject(subjectId: string): Promise<SubjectRecord | undefined>;
  subjectByName(accountId: string, x509Subject: string): Promise<SubjectRecord | undefined>;
  subjects(accountId: string): Promise<SubjectRecord[]>;
  /** Inserts or replaces the subject (by account and `x509Subject`). */
  saveSubject(record: SubjectRecord): Promise<void>;
}

const bool = (value: number): boolean => value !== 0;
const int = (value: boolean): number => (value ? 1 : 0);

function trustAnchorOf(row: Selectable<RaTrustAnchorsTable>): TrustAnchorRecord {
  return {
    accountId: row.account_id,
    trustAnchorId: row.trust_anchor_id,
    arn: row.arn,
    name: row.name,
    enabled: bool(row.enabled),
    sourceType: row.source_type,
    sourceData: JSON.parse(row.source_data) as TrustAnchorRecord['sourceData'],
    notificationSettings: JSON.parse(row.notification_settings) as NotificationSettingRecord[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function trustAnchorRow(r: TrustAnchorRecord): Selectable<RaTrustAnchorsTable> {
  return {
    trust_anchor_id: r.trustAnchorId,
    account_id: r.accountId,
    arn: r.arn,
    name: r.name,
    enabled: int(r.enabled),
    source_type: r.sourceType,
    source_data: JSON.stringify(r.sourceData),
    notification_settings: JSON.stringify(r.notificationSettings),
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function profileOf(row: Selectable<RaProfilesTable>): ProfileRecord {
  return {
    accountId: row.account_id,
    profileId: row.profile_id,
    arn: row.arn,
    name: row.name,
    enabled: bool(row.enabled),
    durationSeconds: row.duration_seconds,
    requireInstanceProperties: bool(row.require_instance_properties),
    acceptRoleSessionName: bool(row.accept_role_session_name),
    sessionPolicy: row.session_policy,
    roleArns: JSON.parse(row.role_arns) as string[],
    managedPolicyArns: JSON.parse(row.managed_policy_arns) as string[],
    attributeMappings: JSON.parse(row.attribute_mappings) as AttributeMappingRecord[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function profileRow(r: ProfileRecord): Selectable<RaProfilesTable> {
  return {
    profile_id: r.profileId,
    account_id: r.accountId,
    arn: r.arn,
    name: r.name,
    enabled: int(r.enabled),
    duration_seconds: r.durationSeconds,
    require_instance_properties: int(r.requireInstanceProperties),
    accept_role_session_name: int(r.acceptRoleSessionName),
    session_policy: r.sessionPolicy,
    role_arns: JSON.stringify(r.roleArns),
    managed_policy_arns: JSON.stringify(r.managedPolicyArns),
    attribute_mappings: JSON.stringify(r.attributeMappings),
    created_by: r.createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function crlOf(row: Selectable<RaCrlsTable>): CrlRecord {
  return {
    accountId: row.account_id,
    crlId: row.crl_id,
    arn: row.arn,
    name: row.name,
    enabled: bool(row.enabled),
    trustAnchorArn: row.trust_anchor_arn,
    crlData: row.crl_data,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function crlRow(r: CrlRecord): Selectable<RaCrlsTable> {
  return {
    crl_id: r.crlId,
    account_id: r.accountId,
    arn: r.arn,
    name: r.name,
    enabled: int(r.enabled),
    trust_anchor_arn: r.trustAnchorArn,
    crl_data: r.crlData,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function subjectOf(row: Selectable<RaSubjectsTable>): SubjectRecord {
  return {
    accountId: row.account_id,
    subjectId: row.subject_id,
    arn: row.arn,
    x509Subject: row.x509_subject,
    enabled: bool(row.enabled),
    credentials: JSON.parse(row.credentials) as SubjectCredentialRecord[],
    instanceProperties: JSON.parse(row.instance_properties) as SubjectInstancePropertiesRecord[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSeenAt: row.last_seen_at,
  };
}

// Read by every CreateSession: compiled once.
const profileByArnQuery = preparedQuery((db, v: { arn: string }) => db.selectFrom('ra_profiles').selectAll().where('arn', '=', v.arn));
const subjectByNameQuery = preparedQuery((db, v: { accountId: string; subject: string }) =>
  db.selectFrom('ra_subjects').selectAll().where('account_id', '=', v.accountId).where('x509_subject', '=', v.subject),
);

/** Roles Anywhere's resources over one database handle. */
export function rolesAnywhereRepository({ db, now }: RepositoryContext): RolesAnywhereRepository {
  const trustAnchor = async (column: 'trust_anchor_id' | 'arn', value: string) => {
    const row = await db.selectFrom('ra_trust_anchors').selectAll().where(column, '=', value).executeTakeFirst();
    return row === undefined ? undefined : trustAnchorOf(row);
  };
  const profile = async (column: 'profile_id' | 'arn', value: string) => {
    const row = await db.selectFrom('ra_profiles').selectAll().where(column, '=', value).executeTakeFirst();
    return row === undefined ? undefined : profileOf(row);
  };
  const crl = async (crlId: string) => {
    const row = await db.selectFrom('ra_crls').selectAll().where('crl_id', '=', crlId).executeTakeFirst();
    return row === undefined ? undefined : crlOf(row);
  };

  return {
    async createTrustAnchor(record) {
      const at = now();
      const full = { ...record, createdAt: at, updatedAt: at };
      await db.insertInto('ra_trust_anchors').values(trustAnchorRow(full)).execute();
      return full;
    },
    trustAnchor: (id) => trustAnchor('trust_anchor_id', id),
    trustAnchorByArn: (arn) => trustAnchor('arn', arn),
    async trustAnchors(accountId) {
      const rows = await db
        .selectFrom('ra_trust_anchors')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('trust_anchor_id')
        .execute();
      return rows.map(trustAnchorOf);
    },
    async updateTrustAnchor(id, patch) {
      const current = await trustAnchor('trust_anchor_id', id);
      if (current === undefined) return undefined;
      const next = { ...current, ...patch, updatedAt: now() };
      const { trust_anchor_id: _, ...row } = trustAnchorRow(next);
      await db.updateTable('ra_trust_anchors').set(row).where('trust_anchor_id', '=', id).execute();
      return next;
    },
    async deleteTrustAnchor(id) {
      const current = await trustAnchor('trust_anchor_id', id);
      if (current === undefined) return false;
      await db.deleteFrom('ra_crls').where('trust_anchor_arn', '=', current.arn).execute();
      await db.deleteFrom('ra_trust_anchors').where('trust_anchor_id', '=', id).execute();
      return true;
    },

    async createProfile(record) {
      const at = now();
      const full = { ...record, createdAt: at, updatedAt: at };
      await db.insertInto('ra_profiles').values(profileRow(full)).execute();
      return full;
    },
    profile: (id) => profile('profile_id', id),
    async profileByArn(arn) {
      const row = (await profileByArnQuery(db, { arn })).rows[0];
      return row === undefined ? undefined : profileOf(row);
    },
    async profiles(accountId) {
      const rows = await db.selectFrom('ra_profiles').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('profile_id').execute();
      return rows.map(profileOf);
    },
    async updateProfile(id, patch) {
      const current = await profile('profile_id', id);
      if (current === undefined) return undefined;
      const next = { ...current, ...patch, updatedAt: now() };
      const { profile_id: _, ...row } = profileRow(next);
      await db.updateTable('ra_profiles').set(row).where('profile_id', '=', id).execute();
      return next;
    },
    async deleteProfile(id) {
      const result = await db.deleteFrom('ra_profiles').where('profile_id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createCrl(record) {
      const at = now();
      const full = { ...record, createdAt: at, updatedAt: at };
      await db.insertInto('ra_crls').values(crlRow(full)).execute();
      return full;
    },
    crl,
    async crls(accountId) {
      const rows = await db.selectFrom('ra_crls').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('crl_id').execute();
      return rows.map(crlOf);
    },
    async crlsFor(trustAnchorArn) {
      const rows = await db.selectFrom('ra_crls').selectAll().where('trust_anchor_arn', '=', trustAnchorArn).orderBy('created_at').execute();
      return rows.map(crlOf);
    },
    async updateCrl(id, patch) {
      const current = await crl(id);
      if (current === undefined) return undefined;
      const next = { ...current, ...patch, updatedAt: now() };
      const { crl_id: _, ...row } = crlRow(next);
      await db.updateTable('ra_crls').set(row).where('crl_id', '=', id).execute();
      return next;
    },
    async deleteCrl(id) {
      const result = await db.deleteFrom('ra_crls').where('crl_id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async subject(subjectId) {
      const row = await db.selectFrom('ra_subjects').selectAll().where('subject_id', '=', subjectId).executeTakeFirst();
      return row === undefined ? undefined : subjectOf(row);
    },
    async subjectByName(accountId, x509Subject) {
      const row = (await subjectByNameQuery(db, { accountId, subject: x509Subject })).rows[0];
      return row === undefined ? undefined : subjectOf(row);
    },
    async subjects(accountId) {
      const rows = await db.selectFrom('ra_subjects').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('subject_id').execute();
      return rows.map(subjectOf);
    },
    async saveSubject(r) {
      const row = {
        subject_id: r.subjectId,
        account_id: r.accountId,
        arn: r.arn,
        x509_subject: r.x509Subject,
        enabled: int(r.enabled),
        credentials: JSON.stringify(r.credentials),
        instance_properties: JSON.stringify(r.instanceProperties),
        created_at: r.createdAt,
        updated_at: r.updatedAt,
        last_seen_at: r.lastSeenAt,
      };
      const { subject_id: _, account_id: __, x509_subject: ___, arn: ____, created_at: _____, ...changes } = row;
      await db
        .insertInto('ra_subjects')
        .values(row)
        .onConflict((oc) => oc.columns(['account_id', 'x509_subject']).doUpdateSet(changes))
        .execute();
    },
  };
}
