import { jsonCall } from './aws.js';

/**
 * The posture API the console expects (proposed to the posture work; not served yet): a
 * JSON 1.1 operation of Gatehouse's own service, signed for `gatehouse`, authorized as
 * `gatehouse:GetAccountPosture` on the account:
 *
 *   X-Amz-Target: Gatehouse.GetAccountPosture   {"AccountId"?: "123456789012"}
 *   → {"Findings": [{"Id", "Severity": "CRITICAL|HIGH|MEDIUM|LOW", "Title", "Resource",
 *       "Remediation", "Source"}],
 *      "EscalationPaths": [{"Id", "Technique", "Principal", "Target",
 *       "Steps": [{"From", "To", "Actions": [...]}], "Conditional": bool}]}
 *
 * Until Gatehouse serves it, the dashboard and the escalation page say so.
 */
export interface PostureFinding {
  readonly Id: string;
  readonly Severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  readonly Title: string;
  readonly Resource?: string;
  readonly Remediation?: string;
  readonly Source?: string;
}

export interface EscalationPath {
  readonly Id: string;
  readonly Technique: string;
  readonly Principal: string;
  readonly Target: string;
  readonly Steps: readonly { From: string; To: string; Actions: readonly string[] }[];
  readonly Conditional?: boolean;
}

export interface AccountPosture {
  readonly Findings: readonly PostureFinding[];
  readonly EscalationPaths: readonly EscalationPath[];
}

export function getAccountPosture(): Promise<AccountPosture> {
  return jsonCall<AccountPosture>('gatehouse', 'Gatehouse.GetAccountPosture', {});
}
