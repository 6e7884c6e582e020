import type { CheckOutcome } from './checks/check.js';
import type { AdministratorInfo } from './escalation/paths.js';
import type { Finding, Severity } from './findings.js';
import type { Thresholds } from './thresholds.js';

/** One analysis of one account: every output (terminal, JSON, SARIF, HTML, the server's API) renders this. */
export interface PostureReport {
  /** The report format's version, for consumers of the JSON. */
  readonly version: 1;
  readonly accountId: string;
  /** When the analysis ran (the checks' "now"), ISO 8601. */
  readonly analyzedAt: string;
  readonly thresholds: Thresholds;
  readonly summary: Readonly<Record<Severity, number>> & { readonly total: number };
  readonly findings: readonly Finding[];
  /** Every check and escalation technique, with how it went. */
  readonly checks: readonly CheckOutcome[];
  /** Principals the engine allows everything. */
  readonly administrators: readonly AdministratorInfo[];
  readonly escalation: { readonly principals: number; readonly evaluations: number; readonly milliseconds: number };
  /** The files the analysis read (for an export) and what each was recognised as. */
  readonly files: readonly { readonly file: string; readonly kind: string }[];
  readonly warnings: readonly string[];
}
