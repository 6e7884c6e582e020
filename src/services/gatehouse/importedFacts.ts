import type { AnalyzerFacts, CredentialFacts, ServerCertificateFacts, TrailFacts, VirtualMfaDeviceFacts } from '../../analysis/exports/index.js';

/**
 * What an import keeps of an export beyond the store's own tables (`imported_accounts.facts`):
 * the credential report's rows — passwords and access keys recorded as facts, never as usable
 * credentials — and the side files no table of Gatehouse's holds. A member left out was not exported.
 */
export interface ImportedFacts {
  readonly credentials?: readonly CredentialFacts[];
  /** `none`: the export says the account has no password policy; `set`: it is in the key/value table. */
  readonly passwordPolicy?: 'none' | 'set';
  readonly virtualMfaDevices?: readonly VirtualMfaDeviceFacts[];
  readonly accountSummary?: Readonly<Record<string, number>>;
  readonly serverCertificates?: readonly ServerCertificateFacts[];
  /** `none`: the export says the account is in no organization; `set`: its path is in the organization tables. */
  readonly organization?: 'none' | 'set';
  readonly trails?: readonly TrailFacts[];
  readonly analyzers?: readonly AnalyzerFacts[];
  readonly bucketPolicies?: readonly { readonly bucket: string; readonly policy: string }[];
  /** AWS managed policies the account uses whose ARN Gatehouse's copy does not have. */
  readonly unknownAwsManagedPolicies?: readonly string[];
  readonly warnings?: readonly string[];
}
