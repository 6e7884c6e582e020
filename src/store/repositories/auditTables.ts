/** Rows of the trail and derived-audit tables (migration 0008, trail Insights 0012), as {@link Database} sees them. */

/** A CloudTrail trail with its delivery cursor and the head of its digest chain. */
export interface TrailsTable {
  account_id: string;
  name: string;
  home_region: string;
  s3_bucket: string;
  s3_key_prefix: string | null;
  include_global: number;
  multi_region: number;
  log_validation: number;
  event_selectors: string | null;
  /** JSON `[{ InsightType }]`; null while Insights is off (migration 0012). */
  insight_selectors: string | null;
  tags: string;
  is_logging: number;
  start_logging_time: string | null;
  stop_logging_time: string | null;
  cursor_seq: number;
  latest_delivery_time: string | null;
  latest_delivery_error: string | null;
  digest_start_time: string | null;
  latest_digest_time: string | null;
  last_digest_object: string | null;
  last_digest_hash: string | null;
  last_digest_signature: string | null;
  created_at: string;
  /** The organization of an organization trail; null for a trail of its own account (migration 0015). */
  organization_id: string | null;
}

/** A log file a trail delivered; `digested` once an hourly digest lists it. */
export interface TrailLogFilesTable {
  account_id: string;
  trail_name: string;
  s3_object: string;
  /** The first record's seq: delivery order. */
  first_seq: number;
  hash: string;
  oldest_event_time: string;
  newest_event_time: string;
  delivered_at: string;
  digested: number;
  /** The account whose records the file holds, for an organization trail; null: the trail's own (migration 0015). */
  member_account: string | null;
}

/** The head of one account's digest chain of an organization trail (migration 0015). */
export interface TrailDigestChainsTable {
  account_id: string;
  trail_name: string;
  member_account: string;
  last_digest_object: string;
  last_digest_hash: string;
  last_digest_signature: string;
}

/** An account's digest signing key pair; the private key sealed with the key ring. */
export interface AuditSigningKeysTable {
  account_id: string;
  fingerprint: string;
  public_key: string;
  private_key: string;
  valid_from: string;
  valid_to: string | null;
}

/** A named lease that elects one node for a background duty. */
export interface AuditLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

/** When an IAM user or role last used a service action, and in which region. */
export interface AuditLastAccessedTable {
  entity_arn: string;
  service: string;
  action: string;
  last_at: string;
  region: string;
}

/** The tables migration 0008 adds. */
export interface AuditTrailTables {
  trails: TrailsTable;
  trail_log_files: TrailLogFilesTable;
  trail_digest_chains: TrailDigestChainsTable;
  audit_signing_keys: AuditSigningKeysTable;
  audit_leases: AuditLeasesTable;
  audit_last_accessed: AuditLastAccessedTable;
}
