import type { PolicyType } from './ast.js';
import { POLICY_CHARSET_PATTERN } from './grammarLimits.js';

/** Every grammar problem the checker can report; a stable code per rule. */
export type GrammarIssue =
  | 'CHARSET'
  | 'SIZE'
  | 'JSON_SYNTAX'
  | 'DUPLICATE_KEY'
  | 'NOT_AN_OBJECT'
  | 'UNKNOWN_ELEMENT'
  | 'DATA_TYPE'
  | 'INVALID_VERSION'
  | 'VERSION_REQUIRED'
  | 'MISSING_STATEMENT'
  | 'EMPTY_STATEMENT'
  | 'MISSING_EFFECT'
  | 'INVALID_EFFECT'
  | 'EFFECT_CASE'
  | 'ELEMENT_COMBINATION'
  | 'CONDITION_OPERATOR'
  | 'CONDITION_DATE'
  | 'VARIABLE'
  | 'SID_CHARSET'
  | 'SID_UNIQUE'
  | 'MISSING_ACTION'
  | 'MISSING_RESOURCE'
  | 'PROHIBITED_RESOURCE'
  | 'MISSING_PRINCIPAL'
  | 'PROHIBITED_PRINCIPAL'
  | 'PROHIBITED_ELEMENT'
  | 'EMPTY_PRINCIPAL'
  | 'INVALID_PRINCIPAL'
  | 'ACTION_NO_VENDOR'
  | 'ACTION_COLONS'
  | 'ACTION_VENDOR'
  | 'TRUST_ACTION'
  | 'RESOURCE_NOT_ARN'
  | 'RESOURCE_PARTITION'
  | 'RESOURCE_VENDOR'
  | 'RESOURCE_REGION'
  | 'IAM_RESOURCE_PATH'
  | 'RESOURCE_LEGACY'
  | 'RCP_RULE';

/** Which service's wording a policy type's errors use. */
export type GrammarDialect = 'iam' | 'trust' | 'sts' | 'orgs' | 'resource';

/** The dialect of each policy type: who stores it decides the error wording. */
export function dialectOf(type: PolicyType): GrammarDialect {
  switch (type) {
    case 'identity':
    case 'boundary':
      return 'iam';
    case 'trust':
      return 'trust';
    case 'session':
      return 'sts';
    case 'scp':
    case 'rcp':
      return 'orgs';
    case 'resource':
      return 'resource';
  }
}

/**
 * The order in which IAM runs its checks; the first error reported is the one IAM would return.
 * AWS: the order (syntax, version, legacy parsing, Sid uniqueness, actions, resources, resource
 * format, action vendor) matches IAM's CreatePolicy answers recorded in moto's AWS-verified tests.
 */
const PHASE: Readonly<Record<GrammarIssue, number>> = {
  CHARSET: 0,
  SIZE: 1,
  JSON_SYNTAX: 2,
  DUPLICATE_KEY: 2,
  NOT_AN_OBJECT: 2,
  UNKNOWN_ELEMENT: 2,
  DATA_TYPE: 2,
  INVALID_VERSION: 2,
  MISSING_STATEMENT: 2,
  EMPTY_STATEMENT: 2,
  MISSING_EFFECT: 2,
  INVALID_EFFECT: 2,
  ELEMENT_COMBINATION: 2,
  CONDITION_OPERATOR: 2,
  PROHIBITED_PRINCIPAL: 3,
  PROHIBITED_ELEMENT: 3,
  VERSION_REQUIRED: 4,
  EFFECT_CASE: 5,
  CONDITION_DATE: 5,
  RESOURCE_LEGACY: 5,
  VARIABLE: 5,
  SID_CHARSET: 6,
  SID_UNIQUE: 6,
  MISSING_ACTION: 7,
  MISSING_RESOURCE: 8,
  PROHIBITED_RESOURCE: 8,
  MISSING_PRINCIPAL: 8,
  EMPTY_PRINCIPAL: 9,
  INVALID_PRINCIPAL: 9,
  RESOURCE_NOT_ARN: 10,
  RESOURCE_PARTITION: 10,
  RESOURCE_VENDOR: 10,
  RESOURCE_REGION: 10,
  IAM_RESOURCE_PATH: 10,
  ACTION_NO_VENDOR: 11,
  ACTION_COLONS: 11,
  ACTION_VENDOR: 11,
  TRUST_ACTION: 12,
  RCP_RULE: 12,
};

/** Every {@link GrammarIssue}, in IAM's check order. */
export const GRAMMAR_ISSUES: readonly GrammarIssue[] = (Object.keys(PHASE) as GrammarIssue[]).sort((a, b) => PHASE[a] - PHASE[b]);

/** The position of an issue in IAM's check order (lower runs first). */
export function issuePhase(issue: GrammarIssue): number {
  return PHASE[issue];
}

/** Values substituted into a message. */
export interface MessageArgs {
  readonly element?: string;
  readonly value?: string;
  readonly principalKind?: string;
  readonly service?: string;
  readonly max?: number;
  readonly quota?: string;
}

const SYNTAX = 'Syntax errors in policy.';
const LEGACY = 'The policy failed legacy parsing';
/** AWS: Organizations API reference, MalformedPolicyDocumentException. */
const ORGS = 'The provided policy document does not meet the requirements of the specified policy type.';
const IAM_RESOURCE_PREFIXES =
  'user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/';

function iamMessage(issue: GrammarIssue, a: MessageArgs): string {
  switch (issue) {
    case 'CHARSET':
      return `Member must satisfy regular expression pattern: ${POLICY_CHARSET_PATTERN}`;
    case 'SIZE':
      return a.quota === undefined
        ? `Policy document exceeds the maximum size of ${a.max ?? 0} characters`
        : `Cannot exceed quota for ${a.quota}: ${a.max ?? 0}`;
    case 'VERSION_REQUIRED':
      return 'Policy document must be version 2012-10-17 or greater.';
    case 'EFFECT_CASE':
    case 'CONDITION_DATE':
    case 'RESOURCE_LEGACY':
      return LEGACY;
    case 'SID_CHARSET':
      return 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*';
    case 'SID_UNIQUE':
      return 'Statement IDs (SID) in a single policy must be unique.';
    case 'MISSING_ACTION':
      return 'Policy statement must contain actions.';
    case 'MISSING_RESOURCE':
      return 'Policy statement must contain resources.';
    case 'PROHIBITED_PRINCIPAL':
      return 'Policy document should not specify a principal.';
    case 'PROHIBITED_RESOURCE':
    case 'PROHIBITED_ELEMENT':
      return `Has prohibited field ${a.element ?? ''}`;
    case 'MISSING_PRINCIPAL':
      return 'Missing required field Principal';
    case 'EMPTY_PRINCIPAL':
      return 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
    case 'INVALID_PRINCIPAL':
      if (a.principalKind !== undefined) return `Invalid principal in policy: "${a.principalKind}":"${a.value ?? ''}"`;
      return a.value === undefined ? 'Invalid principal in policy' : `Invalid principal in policy: "${a.value}"`;
    case 'ACTION_NO_VENDOR':
      return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
    case 'ACTION_COLONS':
      return 'Actions/Condition can contain only one colon.';
    case 'ACTION_VENDOR':
      return `Vendor ${a.value ?? ''} is not valid`;
    case 'TRUST_ACTION':
      return 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext';
    case 'RESOURCE_NOT_ARN':
      return `Resource ${a.value ?? ''} must be in ARN format or "*".`;
    case 'RESOURCE_PARTITION':
      return `Partition "${a.element ?? ''}" is not valid for resource "${a.value ?? ''}".`;
    case 'RESOURCE_VENDOR':
      return 'Resource vendor must be fully qualified and cannot contain regexes.';
    case 'RESOURCE_REGION':
      return a.service === 'iam'
        ? `IAM resource ${a.value ?? ''} cannot contain region information.`
        : `Resource ${a.value ?? ''} can not contain region information.`;
    case 'IAM_RESOURCE_PATH':
      return `IAM resource path must either be "*", root, or start with ${IAM_RESOURCE_PREFIXES}.`;
    default:
      return SYNTAX;
  }
}

const JSON_FAMILY: ReadonlySet<GrammarIssue> = new Set(['JSON_SYNTAX', 'DUPLICATE_KEY', 'NOT_AN_OBJECT']);

function resourceMessage(issue: GrammarIssue, a: MessageArgs): string | undefined {
  // AWS: S3 PutBucketPolicy MalformedPolicy messages as S3 returns them.
  switch (issue) {
    case 'JSON_SYNTAX':
    case 'DUPLICATE_KEY':
      return 'This policy contains invalid Json';
    case 'NOT_AN_OBJECT':
      return "Policies must be valid JSON and the first byte must be '{'";
    case 'MISSING_STATEMENT':
      return 'Missing required field Statement';
    case 'EMPTY_STATEMENT':
      return 'Could not parse the policy: Statement is empty!';
    case 'MISSING_EFFECT':
      return 'Missing required field Effect';
    case 'MISSING_ACTION':
      return 'Missing required field Action';
    case 'MISSING_RESOURCE':
      return 'Missing required field Resource';
    case 'UNKNOWN_ELEMENT':
      return `Unknown field ${a.element ?? ''}`;
    case 'EMPTY_PRINCIPAL':
    case 'INVALID_PRINCIPAL':
      return 'Invalid principal in policy';
    case 'ACTION_NO_VENDOR':
    case 'ACTION_COLONS':
    case 'ACTION_VENDOR':
      return 'Policy has invalid action';
    case 'RESOURCE_NOT_ARN':
    case 'RESOURCE_PARTITION':
    case 'RESOURCE_VENDOR':
    case 'RESOURCE_REGION':
    case 'IAM_RESOURCE_PATH':
    case 'RESOURCE_LEGACY':
      return 'Policy has invalid resource';
    default:
      return undefined;
  }
}

/** The wire message a service of `dialect` returns for `issue`. */
export function wireMessage(dialect: GrammarDialect, issue: GrammarIssue, args: MessageArgs = {}): string {
  switch (dialect) {
    case 'orgs':
      if (issue === 'CHARSET') return iamMessage(issue, args);
      if (issue === 'SIZE') return `Policy document exceeds the maximum size of ${args.max ?? 0} characters`;
      return ORGS;
    case 'trust':
      // AWS: IAM CreateRole answers `"Principal": "*"` with this text (aws-cdk#5732 CloudFormation log).
      if (issue === 'INVALID_PRINCIPAL' && args.principalKind === undefined && args.value === '*') {
        return 'AssumeRolepolicy contained an invalid principal: "STAR":"*".';
      }
      return JSON_FAMILY.has(issue) ? 'This policy contains invalid Json' : iamMessage(issue, args);
    case 'sts':
      // AWS: STS AssumeRole `Policy` is a 1–2,048 character member; its JSON errors read as below.
      if (issue === 'SIZE') return `Member must have length less than or equal to ${args.max ?? 0}`;
      return JSON_FAMILY.has(issue) ? 'The policy is not in the valid JSON format.' : iamMessage(issue, args);
    case 'resource':
      return resourceMessage(issue, args) ?? iamMessage(issue, args);
    case 'iam':
      return iamMessage(issue, args);
  }
}
