import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_login_profiles.js';
import * as m0003 from './0003_identity_providers.js';
import * as m0004 from './0004_policy_versions.js';
import * as m0005 from './0005_credentials.js';
import * as m0007 from './0007_audit.js';
import * as m0008 from './0008_audit_trails.js';
import * as m0009 from './0009_organizations.js';
import * as m0010 from './0010_audit_inbox.js';
import * as m0011 from './0011_org_handshakes.js';
import * as m0012 from './0012_trail_insight_selectors.js';
import * as m0013 from './0013_org_policy_updates.js';
import * as m0014 from './0014_account_emails.js';
import * as m0015 from './0015_organization_trails.js';
import * as m0016 from './0016_principal_references.js';
import * as m0017 from './0017_imported_accounts.js';
import * as m0018 from './0018_access_analyzer.js';
import * as m0019 from './0019_s3.js';
import * as m0020 from './0020_workload_identity.js';
import * as m0021 from './0021_identity_center.js';
import * as m0022 from './0022_console.js';

/**
 * Every migration, in order. Names sort lexically; a new migration is a new `NNNN_name.ts` file
 * added here. The same set runs on SQLite and PostgreSQL.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': m0001,
  '0002_login_profiles': m0002,
  '0003_identity_providers': m0003,
  '0004_policy_versions': m0004,
  '0005_credentials': m0005,
  '0007_audit': m0007,
  '0008_audit_trails': m0008,
  '0009_organizations': m0009,
  '0010_audit_inbox': m0010,
  '0011_org_handshakes': m0011,
  '0012_trail_insight_selectors': m0012,
  '0013_org_policy_updates': m0013,
  '0014_account_emails': m0014,
  '0015_organization_trails': m0015,
  '0016_principal_references': m0016,
  '0017_imported_accounts': m0017,
  '0018_access_analyzer': m0018,
  '0019_s3': m0019,
  '0020_workload_identity': m0020,
  '0021_identity_center': m0021,
  '0022_console': m0022,
};

/** A provider over {@link MIGRATIONS}: no file system scanning, so it works from a bundle too. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
