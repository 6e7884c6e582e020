import type { Criterion, FindingRecord } from '../../store/index.js';
import { analyzerErrors } from './analyzerErrors.js';
import { externalDetails } from './findingViews.js';

/**
 * Access Analyzer's filter criteria (archive rules, ListFindings, ListFindingsV2,
 * ListAccessPreviewFindings): each key names a finding field, each criterion's operators must all
 * hold (`eq`: the value is one of; `neq`: none of; `contains`: has one of as a substring, or an
 * element that does; `exists`: the field is set or not), and every key must hold.
 * AWS: IAM User Guide, "IAM Access Analyzer filter keys"; API reference, Criterion.
 */

/** A finding's filterable fields: strings, a list of strings (`action`), or absent. */
export type FindingFields = ReadonlyMap<string, string | readonly string[]>;

/** Keys every analyzer's findings have. */
const COMMON_KEYS = new Set(['id', 'resource', 'resourceType', 'resourceOwnerAccount', 'status', 'error', 'findingType']);
/** Keys of external access findings (besides `principal.*` and `condition.*`). */
const EXTERNAL_KEYS = new Set(['isPublic', 'action', 'resourceControlPolicyRestriction', 'changeType', 'existingFindingId', 'existingFindingStatus']);

/** Checks a filter's keys and criteria; throws ValidationException for an unknown key or an empty criterion. */
export function checkFilter(filter: Readonly<Record<string, Criterion>> | undefined): void {
  for (const [key, criterion] of Object.entries(filter ?? {})) {
    const known = COMMON_KEYS.has(key) || EXTERNAL_KEYS.has(key) || /^principal\.[A-Za-z]+$/.test(key) || /^condition\..+$/.test(key);
    if (!known) throw analyzerErrors.invalid(`Invalid filter key: ${key}`);
    const ops = (['eq', 'neq', 'contains'] as const).filter((op) => criterion[op] !== undefined);
    if (ops.length === 0 && criterion.exists === undefined)
      throw analyzerErrors.invalid(`Invalid filter criterion for ${key}: it sets none of eq, neq, contains, exists`);
  }
}

/** The filterable fields of a stored finding. */
export function findingFields(f: FindingRecord): FindingFields {
  const fields = new Map<string, string | readonly string[]>([
    ['id', f.id],
    ['resource', f.resource],
    ['resourceType', f.resourceType],
    ['resourceOwnerAccount', f.resourceOwnerAccount],
    ['status', f.status],
    ['findingType', f.findingType],
  ]);
  if (f.error !== null) fields.set('error', f.error);
  const external = externalDetails(f);
  if (external !== undefined) addExternalFields(fields, external);
  return fields;
}

/** Adds an external access's fields: isPublic, action, principal.<kind>, condition.<key>. */
export function addExternalFields(
  fields: Map<string, string | readonly string[]>,
  access: { principal?: Readonly<Record<string, string>>; action?: readonly string[]; condition?: Readonly<Record<string, string>>; isPublic?: boolean },
): void {
  if (access.isPublic !== undefined) fields.set('isPublic', String(access.isPublic));
  if (access.action !== undefined) fields.set('action', access.action);
  for (const [kind, value] of Object.entries(access.principal ?? {})) fields.set(`principal.${kind}`, value);
  for (const [key, value] of Object.entries(access.condition ?? {})) fields.set(`condition.${key}`, value);
}

/** The field under a filter key: exact, or (condition keys are case-insensitive) ignoring case. */
function fieldOf(fields: FindingFields, key: string): string | readonly string[] | undefined {
  const exact = fields.get(key);
  if (exact !== undefined || !key.startsWith('condition.')) return exact;
  const lower = key.toLowerCase();
  for (const [k, v] of fields) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Whether the fields satisfy every criterion of the filter. */
export function matchesFilter(fields: FindingFields, filter: Readonly<Record<string, Criterion>> | undefined): boolean {
  for (const [key, c] of Object.entries(filter ?? {})) {
    const value = fieldOf(fields, key);
    const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
    if (c.exists !== undefined && c.exists !== (value !== undefined)) return false;
    if (c.eq !== undefined && !values.some((v) => c.eq!.includes(v))) return false;
    if (c.neq !== undefined && values.some((v) => c.neq!.includes(v))) return false;
    if (c.contains !== undefined && !values.some((v) => c.contains!.some((part) => v.includes(part)))) return false;
  }
  return true;
}
