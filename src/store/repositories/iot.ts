import type { Selectable } from 'kysely';
import type { RepositoryContext } from './context.js';
import type { IotCaCertificatesTable, IotCertificatesTable, IotPoliciesTable, IotRoleAliasesTable, IotThingsTable } from './workloadIdentityTables.js';

/** What a CA certificate and a device certificate share. */
interface CertificateBase {
  readonly accountId: string;
  /** SHA-256 of the certificate's DER, lower-case hex. */
  readonly certificateId: string;
  readonly arn: string;
  readonly pem: string;
  readonly status: string;
  /** `DEFAULT` or `SNI_ONLY`. */
  readonly certificateMode: string;
  readonly customerVersion: number;
  readonly generationId: string;
  readonly createdAt: string;
  readonly lastModifiedAt: string;
}

export interface IotCaCertificateRecord extends CertificateBase {
  readonly autoRegistrationStatus: string;
}

export interface IotCertificateRecord extends CertificateBase {
  readonly caCertificateId: string | null;
}

export interface IotRoleAliasRecord {
  readonly accountId: string;
  readonly roleAlias: string;
  readonly arn: string;
  readonly roleArn: string;
  readonly credentialDurationSeconds: number;
  readonly createdAt: string;
  readonly lastModifiedAt: string;
}

export interface IotPolicyRecord {
  readonly accountId: string;
  readonly policyName: string;
  readonly arn: string;
  readonly document: string;
  readonly generationId: string;
  readonly createdAt: string;
  readonly lastModifiedAt: string;
}

export interface IotThingRecord {
  readonly accountId: string;
  readonly thingName: string;
  readonly thingId: string;
  readonly arn: string;
  readonly thingTypeName: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly version: number;
  readonly createdAt: string;
}

/** AWS IoT's certificates, role aliases, policies and things. Lists are the account's, oldest first. */
export interface IotRepository {
  createCaCertificate(record: IotCaCertificateRecord): Promise<void>;
  caCertificate(certificateId: string): Promise<IotCaCertificateRecord | undefined>;
  caCertificates(accountId: string): Promise<IotCaCertificateRecord[]>;
  updateCaCertificate(record: IotCaCertificateRecord): Promise<void>;
  deleteCaCertificate(certificateId: string): Promise<boolean>;

  createCertificate(record: IotCertificateRecord): Promise<void>;
  /** By certificate ID, whatever its account. */
  certificate(certificateId: string): Promise<IotCertificateRecord | undefined>;
  certificates(accountId: string): Promise<IotCertificateRecord[]>;
  certificatesByCa(caCertificateId: string): Promise<IotCertificateRecord[]>;
  updateCertificate(record: IotCertificateRecord): Promise<void>;
  deleteCertificate(certificateId: string): Promise<boolean>;

  createRoleAlias(record: IotRoleAliasRecord): Promise<void>;
  roleAlias(accountId: string, roleAlias: string): Promise<IotRoleAliasRecord | undefined>;
  roleAliases(accountId: string): Promise<IotRoleAliasRecord[]>;
  updateRoleAlias(record: IotRoleAliasRecord): Promise<void>;
  deleteRoleAlias(accountId: string, roleAlias: string): Promise<boolean>;

  createPolicy(record: IotPolicyRecord): Promise<void>;
  policy(accountId: string, policyName: string): Promise<IotPolicyRecord | undefined>;
  policies(accountId: string): Promise<IotPolicyRecord[]>;
  deletePolicy(accountId: string, policyName: string): Promise<boolean>;
  /** Returns false when the policy was attached to the target already. */
  attachPolicy(accountId: string, policyName: string, target: string): Promise<boolean>;
  detachPolicy(accountId: string, policyName: string, target: string): Promise<boolean>;
  /** The policies attached to a target (a certificate or thing group ARN, a Cognito identity), by name. */
  policiesOf(accountId: string, target: string): Promise<IotPolicyRecord[]>;
  targetsOf(accountId: string, policyName: string): Promise<string[]>;

  createThing(record: IotThingRecord): Promise<void>;
  thing(accountId: string, thingName: string): Promise<IotThingRecord | undefined>;
  things(accountId: string): Promise<IotThingRecord[]>;
  deleteThing(accountId: string, thingName: string): Promise<boolean>;
  /** Returns false when the principal was attached already. */
  attachThingPrincipal(accountId: string, thingName: string, principal: string): Promise<boolean>;
  detachThingPrincipal(accountId: string, thingName: string, principal: string): Promise<boolean>;
  thingPrincipals(accountId: string, thingName: string): Promise<string[]>;
  principalThings(accountId: string, principal: string): Promise<string[]>;
}

function baseOf(row: Selectable<IotCaCertificatesTable> | Selectable<IotCertificatesTable>): CertificateBase {
  return {
    accountId: row.account_id,
    certificateId: row.certificate_id,
    arn: row.arn,
    pem: row.pem,
    status: row.status,
    certificateMode: row.certificate_mode,
    customerVersion: row.customer_version,
    generationId: row.generation_id,
    createdAt: row.created_at,
    lastModifiedAt: row.last_modified_at,
  };
}

function baseRow(r: CertificateBase) {
  return {
    certificate_id: r.certificateId,
    account_id: r.accountId,
    arn: r.arn,
    pem: r.pem,
    status: r.status,
    certificate_mode: r.certificateMode,
    customer_version: r.customerVersion,
    generation_id: r.generationId,
    created_at: r.createdAt,
    last_modified_at: r.lastModifiedAt,
  };
}

const caOf = (row: Selectable<IotCaCertificatesTable>): IotCaCertificateRecord => ({ ...baseOf(row), autoRegistrationStatus: row.auto_registration_status });
const caRow = (r: IotCaCertificateRecord): Selectable<IotCaCertificatesTable> => ({ ...baseRow(r), auto_registration_status: r.autoRegistrationStatus });
const certOf = (row: Selectable<IotCertificatesTable>): IotCertificateRecord => ({ ...baseOf(row), caCertificateId: row.ca_certificate_id });
const certRow = (r: IotCertificateRecord): Selectable<IotCertificatesTable> => ({ ...baseRow(r), ca_certificate_id: r.caCertificateId });

function aliasOf(row: Selectable<IotRoleAliasesTable>): IotRoleAliasRecord {
  return {
    accountId: row.account_id,
    roleAlias: row.role_alias,
    arn: row.arn,
    roleArn: row.role_arn,
    credentialDurationSeconds: row.credential_duration_seconds,
    createdAt: row.created_at,
    lastModifiedAt: row.last_modified_at,
  };
}

function aliasRow(r: IotRoleAliasRecord): Selectable<IotRoleAliasesTable> {
  return {
    account_id: r.accountId,
    role_alias: r.roleAlias,
    arn: r.arn,
    role_arn: r.roleArn,
    credential_duration_seconds: r.credentialDurationSeconds,
    created_at: r.createdAt,
    last_modified_at: r.lastModifiedAt,
  };
}

function policyOf(row: Selectable<IotPoliciesTable>): IotPolicyRecord {
  return {
    accountId: row.account_id,
    policyName: row.policy_name,
    arn: row.arn,
    document: row.document,
    generationId: row.generation_id,
    createdAt: row.created_at,
    lastModifiedAt: row.last_modified_at,
  };
}

function thingOf(row: Selectable<IotThingsTable>): IotThingRecord {
  return {
    accountId: row.account_id,
    thingName: row.thing_name,
    thingId: row.thing_id,
    arn: row.arn,
    thingTypeName: row.thing_type_name,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    version: row.version,
    createdAt: row.created_at,
  };
}

/** AWS IoT's resources over one database handle. */
export function iotRepository({ db }: RepositoryContext): IotRepository {
  return {
    async createCaCertificate(record) {
      await db.insertInto('iot_ca_certificates').values(caRow(record)).execute();
    },
    async caCertificate(id) {
      const row = await db.selectFrom('iot_ca_certificates').selectAll().where('certificate_id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : caOf(row);
    },
    async caCertificates(accountId) {
      const rows = await db.selectFrom('iot_ca_certificates').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map(caOf);
    },
    async updateCaCertificate(record) {
      const { certificate_id: _, ...row } = caRow(record);
      await db.updateTable('iot_ca_certificates').set(row).where('certificate_id', '=', record.certificateId).execute();
    },
    async deleteCaCertificate(id) {
      const result = await db.deleteFrom('iot_ca_certificates').where('certificate_id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createCertificate(record) {
      await db.insertInto('iot_certificates').values(certRow(record)).execute();
    },
    async certificate(id) {
      const row = await db.selectFrom('iot_certificates').selectAll().where('certificate_id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : certOf(row);
    },
    async certificates(accountId) {
      const rows = await db.selectFrom('iot_certificates').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map(certOf);
    },
    async certificatesByCa(caId) {
      const rows = await db.selectFrom('iot_certificates').selectAll().where('ca_certificate_id', '=', caId).orderBy('created_at').execute();
      return rows.map(certOf);
    },
    async updateCertificate(record) {
      const { certificate_id: _, ...row } = certRow(record);
      await db.updateTable('iot_certificates').set(row).where('certificate_id', '=', record.certificateId).execute();
    },
    async deleteCertificate(id) {
      const result = await db.deleteFrom('iot_certificates').where('certificate_id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createRoleAlias(record) {
      await db.insertInto('iot_role_aliases').values(aliasRow(record)).execute();
    },
    async roleAlias(accountId, roleAlias) {
      const row = await db
        .selectFrom('iot_role_aliases')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('role_alias', '=', roleAlias)
        .executeTakeFirst();
      return row === undefined ? undefined : aliasOf(row);
    },
    async roleAliases(accountId) {
      const rows = await db.selectFrom('iot_role_aliases').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
      return rows.map(aliasOf);
    },
    async updateRoleAlias(record) {
      const { account_id: _, role_alias: __, ...row } = aliasRow(record);
      await db.updateTable('iot_role_aliases').set(row).where('account_id', '=', record.accountId).where('role_alias', '=', record.roleAlias).execute();
    },
    async deleteRoleAlias(accountId, roleAlias) {
      const result = await db.deleteFrom('iot_role_aliases').where('account_id', '=', accountId).where('role_alias', '=', roleAlias).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async createPolicy(r) {
      await db
        .insertInto('iot_policies')
        .values({
          account_id: r.accountId,
          policy_name: r.policyName,
          arn: r.arn,
          document: r.document,
          generation_id: r.generationId,
          created_at: r.createdAt,
          last_modified_at: r.lastModifiedAt,
        })
        .execute();
    },
    async policy(accountId, policyName) {
      const row = await db.selectFrom('iot_policies').selectAll().where('account_id', '=', accountId).where('policy_name', '=', policyName).executeTakeFirst();
      return row === undefined ? undefined : policyOf(row);
    },
    async policies(accountId) {
      const rows = await db.selectFrom('iot_policies').selectAll().where('account_id', '=', accountId).orderBy('policy_name').execute();
      return rows.map(policyOf);
    },
    async deletePolicy(accountId, policyName) {
      const result = await db.deleteFrom('iot_policies').where('account_id', '=', accountId).where('policy_name', '=', policyName).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async attachPolicy(accountId, policyName, target) {
      const existing = await db
        .selectFrom('iot_policy_targets')
        .select('target')
        .where('account_id', '=', accountId)
        .where('policy_name', '=', policyName)
        .where('target', '=', target)
        .executeTakeFirst();
      if (existing !== undefined) return false;
      await db.insertInto('iot_policy_targets').values({ account_id: accountId, policy_name: policyName, target }).execute();
      return true;
    },
    async detachPolicy(accountId, policyName, target) {
      const result = await db
        .deleteFrom('iot_policy_targets')
        .where('account_id', '=', accountId)
        .where('policy_name', '=', policyName)
        .where('target', '=', target)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async policiesOf(accountId, target) {
      const rows = await db
        .selectFrom('iot_policy_targets')
        .innerJoin('iot_policies', (join) =>
          join.onRef('iot_policies.account_id', '=', 'iot_policy_targets.account_id').onRef('iot_policies.policy_name', '=', 'iot_policy_targets.policy_name'),
        )
        .selectAll('iot_policies')
        .where('iot_policy_targets.account_id', '=', accountId)
        .where('iot_policy_targets.target', '=', target)
        .orderBy('iot_policies.policy_name')
        .execute();
      return rows.map(policyOf);
    },
    async targetsOf(accountId, policyName) {
      const rows = await db
        .selectFrom('iot_policy_targets')
        .select('target')
        .where('account_id', '=', accountId)
        .where('policy_name', '=', policyName)
        .orderBy('target')
        .execute();
      return rows.map((r) => r.target);
    },

    async createThing(r) {
      await db
        .insertInto('iot_things')
        .values({
          account_id: r.accountId,
          thing_name: r.thingName,
          thing_id: r.thingId,
          arn: r.arn,
          thing_type_name: r.thingTypeName,
          attributes: JSON.stringify(r.attributes),
          version: r.version,
          created_at: r.createdAt,
        })
        .execute();
    },
    async thing(accountId, thingName) {
      const row = await db.selectFrom('iot_things').selectAll().where('account_id', '=', accountId).where('thing_name', '=', thingName).executeTakeFirst();
      return row === undefined ? undefined : thingOf(row);
    },
    async things(accountId) {
      const rows = await db.selectFrom('iot_things').selectAll().where('account_id', '=', accountId).orderBy('thing_name').execute();
      return rows.map(thingOf);
    },
    async deleteThing(accountId, thingName) {
      await db.deleteFrom('iot_thing_principals').where('account_id', '=', accountId).where('thing_name', '=', thingName).execute();
      const result = await db.deleteFrom('iot_things').where('account_id', '=', accountId).where('thing_name', '=', thingName).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async attachThingPrincipal(accountId, thingName, principal) {
      const existing = await db
        .selectFrom('iot_thing_principals')
        .select('principal')
        .where('account_id', '=', accountId)
        .where('thing_name', '=', thingName)
        .where('principal', '=', principal)
        .executeTakeFirst();
      if (existing !== undefined) return false;
      await db.insertInto('iot_thing_principals').values({ account_id: accountId, thing_name: thingName, principal }).execute();
      return true;
    },
    async detachThingPrincipal(accountId, thingName, principal) {
      const result = await db
        .deleteFrom('iot_thing_principals')
        .where('account_id', '=', accountId)
        .where('thing_name', '=', thingName)
        .where('principal', '=', principal)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async thingPrincipals(accountId, thingName) {
      const rows = await db
        .selectFrom('iot_thing_principals')
        .select('principal')
        .where('account_id', '=', accountId)
        .where('thing_name', '=', thingName)
        .orderBy('principal')
        .execute();
      return rows.map((r) => r.principal);
    },
    async principalThings(accountId, principal) {
      const rows = await db
        .selectFrom('iot_thing_principals')
        .select('thing_name')
        .where('account_id', '=', accountId)
        .where('principal', '=', principal)
        .orderBy('thing_name')
        .execute();
      return rows.map((r) => r.thing_name);
    },
  };
}
