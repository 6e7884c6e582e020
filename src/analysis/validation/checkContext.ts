import type { FindingCollector } from './findings.js';
import type { PolicyModel, StatementModel } from './policyModel.js';
import type { SourceDocument } from './sourceDocument.js';
import type { ValidateOptions } from './types.js';

/**
 * The kind of policy the checks apply rules for: RESOURCE_POLICY with resource type
 * AWS::IAM::AssumeRolePolicyDocument is a role trust policy.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'rcp';

/** What every check reads: the document, its policy model, the options and the collector. */
export interface CheckContext {
  readonly doc: SourceDocument;
  readonly policy: PolicyModel;
  readonly options: ValidateOptions;
  readonly kind: PolicyKind;
  readonly report: FindingCollector;
  /** Version 2012-10-17: `${…}` is a policy variable rather than text. */
  readonly variables: boolean;
}

/** One family of checks. */
export type Check = (ctx: CheckContext) => void;

/** The policy kind of the options. */
export function policyKindOf(options: ValidateOptions): PolicyKind {
  switch (options.policyType) {
    case 'IDENTITY_POLICY':
      return 'identity';
    case 'SERVICE_CONTROL_POLICY':
      return 'scp';
    case 'RESOURCE_CONTROL_POLICY':
      return 'rcp';
    case 'RESOURCE_POLICY':
      return options.resourceType === 'AWS::IAM::AssumeRolePolicyDocument' ? 'trust' : 'resource';
  }
}

/** Whether the kind of policy names principals (resource-based and trust policies). */
export function hasPrincipals(kind: PolicyKind): boolean {
  return kind === 'resource' || kind === 'trust';
}

/** The Action or NotAction element of a statement, whichever is present. */
export function actionElement(s: StatementModel): StatementModel['action'] {
  return s.action ?? s.notAction;
}

/** The effect of a statement when it is exactly Allow or Deny. */
export function effectOf(s: StatementModel): 'Allow' | 'Deny' | undefined {
  const e = s.effect?.value;
  return e === 'Allow' || e === 'Deny' ? e : undefined;
}
