import { sha256Hex } from '../crypto.js';

/**
 * The audit trail's hash chain: the one definition of a record's place in it, shared by the
 * store's repository and the audit writer thread (which loads nothing more than this).
 */

/** One call's audit record as it is appended. `record` is the CloudTrail event, as JSON text. */
export interface NewAuditRecord {
  readonly eventId: string;
  readonly accountId: string;
  readonly eventTime: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly readOnly: boolean;
  readonly username: string | null;
  readonly accessKeyId: string | null;
  readonly errorCode: string | null;
  readonly record: string;
  /** Gatehouse's decision record beside the CloudTrail event (JSON text), when one was made. */
  readonly decision: string | null;
  readonly resources: readonly { readonly type: string; readonly name: string }[];
}

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain hash of a record: SHA-256 over the previous hash, the record and the decision. */
export function chainHash(prevHash: string, record: string, decision: string | null): string {
  return sha256Hex(`${prevHash}\n${record}\n${decision ?? ''}`);
}

/** The id of the chain head row in `audit_chain`. */
export const CHAIN_ID = 'audit';

/** The rows that append `records` after `head`, and the new head: the one definition of the chain. */
export function chainRows(records: readonly NewAuditRecord[], head: { seq: number; hash: string }) {
  let { seq, hash } = head;
  const events = [];
  const resources = [];
  for (const r of records) {
    seq += 1;
    const next = chainHash(hash, r.record, r.decision);
    events.push({
      seq,
      event_id: r.eventId,
      account_id: r.accountId,
      event_time: r.eventTime,
      event_name: r.eventName,
      event_source: r.eventSource,
      read_only: r.readOnly ? 1 : 0,
      username: r.username,
      access_key_id: r.accessKeyId,
      error_code: r.errorCode,
      record: r.record,
      decision: r.decision,
      prev_hash: hash,
      hash: next,
    });
    for (const res of r.resources) resources.push({ seq, resource_type: res.type, resource_name: res.name });
    hash = next;
  }
  return { events, resources, head: { seq, hash } };
}
