import type { TechniqueCategory } from './techniques.js';

/** One call a step makes, and the policies that allow it. */
export interface StepAction {
  readonly action: string;
  readonly resource: string;
  /** The action's own condition keys the decision was made with (`iam:PolicyARN`, …). */
  readonly context?: Readonly<Record<string, string>>;
  /** The ids of the policies whose Allow statements applied (ARNs, or `inline:<kind>/<holder>/<name>`). */
  readonly allowedBy: readonly string[];
}

/** One move along a path: from a principal to another (or to itself, made an administrator). */
export interface EscalationStep {
  /** The pathfinding.cloud id (or Gatehouse's, `gatehouse-iam-…`). */
  readonly technique: string;
  readonly name: string;
  readonly category: TechniqueCategory;
  readonly link: string;
  /** The ARN of the principal that acts. */
  readonly from: string;
  /** The ARN of the principal it acts as afterwards (itself, for a self-escalation). */
  readonly to: string;
  /** The step itself makes `to` an administrator (a self-escalation, or a principal changed and then used). */
  readonly makesAdministrator: boolean;
  readonly actions: readonly StepAction[];
  /** Decided only with MFA (the acting principal signed in with it). */
  readonly mfaRequired: boolean;
  /** A PassRole step: reachable if a service that accepts the role exists (decided from policies alone). */
  readonly conditional: boolean;
  /** One sentence: what the step does. */
  readonly description: string;
}

/** A chain from a principal that is not an administrator to one that is. */
export interface EscalationPath {
  readonly source: string;
  readonly sourceType: 'user' | 'role';
  readonly steps: readonly EscalationStep[];
  /** The administrator reached. */
  readonly administrator: string;
  readonly conditional: boolean;
  readonly mfaRequired: boolean;
}

export interface AdministratorInfo {
  readonly arn: string;
  readonly type: 'user' | 'role';
  readonly mfaRequired: boolean;
  /** The policies that grant it (the union over the probes). */
  readonly grantedBy: readonly string[];
}

/** The escalation graph's answer for one account. */
export interface EscalationAnalysis {
  readonly administrators: readonly AdministratorInfo[];
  /** One per source principal and technique that begins one of its shortest paths. */
  readonly paths: readonly EscalationPath[];
  readonly stats: { readonly principals: number; readonly evaluations: number; readonly milliseconds: number };
}
