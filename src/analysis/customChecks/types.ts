/**
 * The custom policy checks' inputs and results, as IAM Access Analyzer names them.
 * AWS: Access Analyzer API reference, CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess
 * and ReasonSummary.
 */

/** `policyType` of CheckNoNewAccess and CheckAccessNotGranted (AccessCheckPolicyType). */
export type AccessCheckPolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY';

export const ACCESS_CHECK_POLICY_TYPES: readonly AccessCheckPolicyType[] = ['IDENTITY_POLICY', 'RESOURCE_POLICY'];

/** `resourceType` of CheckNoPublicAccess (AccessCheckResourceType): the 26 values of the model. */
export const ACCESS_CHECK_RESOURCE_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::DynamoDB::Stream',
  'AWS::EFS::FileSystem',
  'AWS::OpenSearchService::Domain',
  'AWS::Kinesis::Stream',
  'AWS::Kinesis::StreamConsumer',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3Express::DirectoryBucket',
  'AWS::S3::Glacier',
  'AWS::S3Outposts::Bucket',
  'AWS::S3Outposts::AccessPoint',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::S3Tables::TableBucket',
  'AWS::ApiGateway::RestApi',
  'AWS::CodeArtifact::Domain',
  'AWS::Backup::BackupVault',
  'AWS::CloudTrail::Dashboard',
  'AWS::CloudTrail::EventDataStore',
  'AWS::S3Tables::Table',
  'AWS::S3Express::AccessPoint',
] as const;

export type AccessCheckResourceType = (typeof ACCESS_CHECK_RESOURCE_TYPES)[number];

/** One reason of a result (ReasonSummary): a statement of the checked policy. */
export interface ReasonSummary {
  readonly description: string;
  readonly statementIndex: number;
  readonly statementId?: string;
}

/**
 * A check's answer in AWS's response shape. AWS: `PASS` means the access is not allowed; `FAIL`
 * means the policy "might allow" it. A PASS carries no reasons.
 */
export interface CheckResult {
  readonly result: 'PASS' | 'FAIL';
  readonly message: string;
  readonly reasons?: readonly ReasonSummary[];
}

/** CheckAccessNotGranted's `access` entry: actions, resources, or both. */
export interface AccessSpec {
  readonly actions?: readonly string[];
  readonly resources?: readonly string[];
}

/** Bad input to a check: a document that is not a valid policy, or an unusable `access`. */
export class CheckInputError extends Error {
  constructor(
    /** The request member at fault, as the service model names it. */
    readonly member: string,
    message: string,
  ) {
    super(message);
    this.name = 'CheckInputError';
  }
}
