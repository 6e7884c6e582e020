import type { ExternalAccess } from '../../analysis/externalAccess/index.js';
import type { FindingRecord } from '../../store/index.js';

/**
 * How a stored finding reads in each of Access Analyzer's two findings APIs. AWS: API reference,
 * Finding and FindingSummary (GetFinding, ListFindings: external access analyzers only),
 * FindingSummaryV2 and GetFindingV2 (every analyzer; details as a FindingDetails list).
 */

/** What a finding stores as its details. */
export type StoredDetails =
  | ({ readonly kind: 'external'; readonly resourceControlPolicyRestriction?: string } & ExternalAccess)
  | { readonly kind: 'unused'; readonly findingDetails: readonly Readonly<Record<string, unknown>>[] };

/** An external access finding's access, or undefined for an unused access finding. */
export function externalDetails(f: FindingRecord): (ExternalAccess & { resourceControlPolicyRestriction?: string }) | undefined {
  const d = f.details as StoredDetails;
  return d.kind === 'external' ? d : undefined;
}

/** The FindingDetails list of an unused access finding. */
export function unusedDetails(f: FindingRecord): readonly Readonly<Record<string, unknown>>[] {
  const d = f.details as StoredDetails;
  return d.kind === 'unused' ? d.findingDetails : [];
}

/** AWS's ExternalAccessDetails of an access (sources only when the resource kind names them). */
export function externalAccessDetails(a: ExternalAccess & { resourceControlPolicyRestriction?: string }): Record<string, unknown> {
  return {
    action: a.action,
    condition: a.condition,
    isPublic: a.isPublic,
    principal: a.principal,
    ...(a.sources !== undefined ? { sources: a.sources } : {}),
    resourceControlPolicyRestriction: a.resourceControlPolicyRestriction ?? 'NOT_APPLICABLE',
  };
}

/** GetFinding's Finding, and ListFindings' FindingSummary (the same members). */
export function findingV1(f: FindingRecord): Record<string, unknown> {
  const a = externalDetails(f);
  return {
    id: f.id,
    ...(a !== undefined ? { principal: a.principal, action: a.action, isPublic: a.isPublic, condition: a.condition } : { condition: {} }),
    resource: f.resource,
    resourceType: f.resourceType,
    createdAt: f.createdAt,
    analyzedAt: f.analyzedAt,
    updatedAt: f.updatedAt,
    status: f.status,
    resourceOwnerAccount: f.resourceOwnerAccount,
    ...(f.error !== null ? { error: f.error } : {}),
    ...(a?.sources !== undefined ? { sources: a.sources } : {}),
    ...(a !== undefined ? { resourceControlPolicyRestriction: a.resourceControlPolicyRestriction ?? 'NOT_APPLICABLE' } : {}),
  };
}

/** ListFindingsV2's FindingSummaryV2. */
export function findingSummaryV2(f: FindingRecord): Record<string, unknown> {
  return {
    analyzedAt: f.analyzedAt,
    createdAt: f.createdAt,
    ...(f.error !== null ? { error: f.error } : {}),
    id: f.id,
    resource: f.resource,
    resourceType: f.resourceType,
    resourceOwnerAccount: f.resourceOwnerAccount,
    status: f.status,
    updatedAt: f.updatedAt,
    findingType: f.findingType,
  };
}

/** GetFindingV2's FindingDetails list of a finding. */
export function findingDetailsList(f: FindingRecord): Record<string, unknown>[] {
  const a = externalDetails(f);
  if (a !== undefined) return [{ externalAccessDetails: externalAccessDetails(a) }];
  return unusedDetails(f).map((d) => ({ ...d }));
}
