import type { ZoneOfTrust } from '../../analysis/externalAccess/index.js';
import type { AnalyzerRecord, Store } from '../../store/index.js';
import { hasServiceAccess, isDelegatedAdministrator } from '../shared/index.js';

/** The service principal of Access Analyzer, for trusted access and delegated administration. */
export const ACCESS_ANALYZER_PRINCIPAL = 'access-analyzer.amazonaws.com';

/** AWS's ReasonCode of a DISABLED analyzer. */
export type DisabledReason = 'AWS_SERVICE_ACCESS_DISABLED' | 'DELEGATED_ADMINISTRATOR_DEREGISTERED' | 'ORGANIZATION_DELETED';

/** What an analyzer looks at now: its zone of trust, or why it cannot work. */
export type AnalyzerScope = { readonly zone: ZoneOfTrust; readonly disabled?: undefined } | { readonly zone?: undefined; readonly disabled: DisabledReason };

/** Whether the analyzer's zone of trust is an organization. */
export function isOrganizationAnalyzer(a: Pick<AnalyzerRecord, 'type'>): boolean {
  return a.type.startsWith('ORGANIZATION');
}

/** Whether the analyzer reports unused access (else external access). */
export function isUnusedAccessAnalyzer(a: Pick<AnalyzerRecord, 'type'>): boolean {
  return a.type.endsWith('_UNUSED_ACCESS');
}

/**
 * The analyzer's zone of trust: its own account, or every account of its organization while the
 * organization exists, keeps trusted access for Access Analyzer on and the analyzer's account is
 * its management account or a delegated administrator for Access Analyzer.
 * AWS: IAM User Guide, "Enabling IAM Access Analyzer" (organization zone of trust, delegated
 * administrator) and API reference, StatusReason (AWS_SERVICE_ACCESS_DISABLED,
 * DELEGATED_ADMINISTRATOR_DEREGISTERED, ORGANIZATION_DELETED).
 */
export async function analyzerScope(store: Store, analyzer: AnalyzerRecord): Promise<AnalyzerScope> {
  if (!isOrganizationAnalyzer(analyzer) || analyzer.organizationId === null) return { zone: { accounts: new Set([analyzer.accountId]) } };
  const org = await store.organizations.get(analyzer.organizationId);
  if (org === undefined) return { disabled: 'ORGANIZATION_DELETED' };
  if (!(await hasServiceAccess({ store }, org, ACCESS_ANALYZER_PRINCIPAL))) return { disabled: 'AWS_SERVICE_ACCESS_DISABLED' };
  if (org.managementAccountId !== analyzer.accountId && !(await isDelegatedAdministrator({ store }, org, analyzer.accountId, ACCESS_ANALYZER_PRINCIPAL))) {
    return { disabled: 'DELEGATED_ADMINISTRATOR_DEREGISTERED' };
  }
  const accounts = (await store.accounts.list()).filter((a) => a.organizationId === org.id).map((a) => a.id);
  return { zone: { accounts: new Set(accounts), organizationId: org.id } };
}
