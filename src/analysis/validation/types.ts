/**
 * The shapes of IAM Access Analyzer's ValidatePolicy, as the service model
 * (`accessanalyzer-2019-11-01`) names them. Findings are data: the engine never throws for a bad
 * policy.
 */

/** `policyType` of ValidatePolicy. */
export type ValidatePolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

/** Every {@link ValidatePolicyType}, in the model's order. */
export const VALIDATE_POLICY_TYPES: readonly ValidatePolicyType[] = ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/** `validatePolicyResourceType`: narrows the checks of a RESOURCE_POLICY. */
export type ValidatePolicyResourceType =
  | 'AWS::S3::Bucket'
  | 'AWS::S3::AccessPoint'
  | 'AWS::S3::MultiRegionAccessPoint'
  | 'AWS::S3ObjectLambda::AccessPoint'
  | 'AWS::IAM::AssumeRolePolicyDocument'
  | 'AWS::DynamoDB::Table';

/** Every {@link ValidatePolicyResourceType}, in the model's order. */
export const VALIDATE_POLICY_RESOURCE_TYPES: readonly ValidatePolicyResourceType[] = [
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::DynamoDB::Table',
];

/** `ValidatePolicyFindingType`. The docs call WARNING "General Warning". */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'SUGGESTION' | 'WARNING';

/** A position: `line` from 1, `column` from 0, `offset` from 0 (UTF-16 code units, as AWS counts). */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A span of the document; `end` is exclusive. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** One step of a location's path (a union: exactly one member is set). */
export type PathElement =
  | { readonly index: number }
  | { readonly key: string }
  | { readonly value: string }
  | { readonly substring: { readonly start: number; readonly length: number } };

/** Where a finding sits in the document. */
export interface Location {
  readonly path: readonly PathElement[];
  readonly span: Span;
}

/** One finding, in ValidatePolicyFinding's shape. */
export interface ValidationFinding {
  readonly findingDetails: string;
  readonly findingType: FindingType;
  readonly issueCode: string;
  readonly learnMoreLink: string;
  readonly locations: readonly Location[];
}

/** What to validate a document as. */
export interface ValidateOptions {
  readonly policyType: ValidatePolicyType;
  readonly resourceType?: ValidatePolicyResourceType;
}
