import { restCall } from './aws.js';

/**
 * Gatehouse's own posture API (docs/posture.md): a REST-JSON operation of the service `gatehouse`,
 * `POST /posture` with the members as JSON, authorized as `gatehouse:GetAccountPosture`
 * on `arn:aws:gatehouse::<account>:posture/<account>`. The answer is the posture report that
 * `gatehouse analyze --format json` prints; these are the members the console reads.
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface StepAction {
  readonly action: string;
  readonly resource: string;
  readonly allowedBy: readonly string[];
}

export interface EscalationStep {
  readonly technique: string;
  readonly name: string;
  readonly link: string;
  readonly from: string;
  readonly to: string;
  readonly makesAdministrator: boolean;
  readonly actions: readonly StepAction[];
  readonly mfaRequired: boolean;
  readonly conditional: boolean;
  readonly description: string;
}

export interface EscalationPath {
  readonly source: string;
  readonly sourceType: 'user' | 'role';
  readonly steps: readonly EscalationStep[];
  readonly administrator: string;
  readonly conditional: boolean;
  readonly mfaRequired: boolean;
}

export interface PostureFinding {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly category: string;
  readonly resourceArn: string;
  readonly resourceType: string;
  readonly reason: string;
  readonly remediation: readonly string[];
  readonly sources: readonly string[];
  readonly link?: string;
  readonly path?: EscalationPath;
}

export interface PostureCheck {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: 'pass' | 'fail' | 'not-evaluated';
  readonly findings?: number;
  readonly reason?: string;
}

export interface PostureReport {
  readonly accountId: string;
  readonly analyzedAt: string;
  readonly summary: Readonly<Record<Severity, number>> & { readonly total: number };
  readonly findings: readonly PostureFinding[];
  readonly checks: readonly PostureCheck[];
}

/** The posture report of the signed-in principal's account. */
export function getAccountPosture(): Promise<PostureReport> {
  return restCall<PostureReport>('gatehouse', 'POST', '/posture', {});
}
