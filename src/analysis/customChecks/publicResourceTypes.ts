import type { AccessCheckResourceType } from './types.js';

/**
 * What CheckNoPublicAccess needs to know of each resource type: the services whose actions reach
 * the resource (a statement granting only other services' actions grants no access to it), the
 * condition keys that limit access to known callers besides the global ones, and whether the
 * policy is a role trust policy (where the public identity providers count as public).
 */
export interface PublicAccessRules {
  readonly services: readonly string[];
  readonly limitingKeys: readonly string[];
  readonly trustPolicy: boolean;
}

/**
 * Condition keys whose value an unknown caller cannot choose to be a value the policy names: the
 * caller's own identity, account and organization, the source resource, account and organization
 * of a service acting on someone's behalf, and the network the request comes from.
 * AWS: IAM User Guide, "Access Analyzer filter keys" (condition.aws:PrincipalArn,
 * aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceIp, aws:SourceVpc, aws:UserId,
 * kms:CallerAccount and the federation audience keys); Amazon S3 API reference,
 * PublicAccessBlockConfiguration ("Amazon S3 considers a bucket policy public unless ... a fixed
 * AWS principal, user, role, or service principal; a fixed aws:SourceArn, aws:SourceVpc,
 * aws:SourceVpce, aws:SourceOwner, aws:SourceAccount; a fixed value of
 * s3:x-amz-server-side-encryption-aws-kms-key-id; a fixed value of aws:userid; ... a set of CIDRs
 * using aws:SourceIp").
 */
export const GLOBAL_LIMITING_KEYS: readonly string[] = [
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
];

/** Keys holding ARNs: a pattern whose account is literal names only that account's ARNs. */
export const ARN_VALUED_KEYS: ReadonlySet<string> = new Set(['aws:principalarn', 'aws:sourcearn', 's3:dataaccesspointarn']);

/** Keys holding organization paths (`o-id/r-id/ou-id/…`): a literal organization ID limits them. */
export const ORG_PATH_KEYS: ReadonlySet<string> = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);

const S3_KEYS = ['s3:x-amz-server-side-encryption-aws-kms-key-id', 's3:dataaccesspointaccount', 's3:dataaccesspointarn'];
// AWS: IAM User Guide, "Access Analyzer filter keys": the audience keys of the public identity providers.
const FEDERATION_KEYS = ['cognito-identity.amazonaws.com:aud', 'accounts.google.com:aud', 'graph.facebook.com:app_id', 'www.amazon.com:app_id'];

const rules = (services: string[], limitingKeys: string[] = [], trustPolicy = false): PublicAccessRules => ({ services, limitingKeys, trustPolicy });

/** The rules of each of the 26 resource types (AWS: API reference, AccessCheckResourceType). */
export const PUBLIC_ACCESS_RULES: Readonly<Record<AccessCheckResourceType, PublicAccessRules>> = {
  'AWS::DynamoDB::Table': rules(['dynamodb']),
  'AWS::DynamoDB::Stream': rules(['dynamodb']),
  'AWS::EFS::FileSystem': rules(['elasticfilesystem']),
  'AWS::OpenSearchService::Domain': rules(['es']),
  'AWS::Kinesis::Stream': rules(['kinesis']),
  'AWS::Kinesis::StreamConsumer': rules(['kinesis']),
  'AWS::KMS::Key': rules(['kms'], ['kms:calleraccount']),
  'AWS::Lambda::Function': rules(['lambda']),
  'AWS::S3::Bucket': rules(['s3'], S3_KEYS),
  'AWS::S3::AccessPoint': rules(['s3'], S3_KEYS),
  'AWS::S3Express::DirectoryBucket': rules(['s3express']),
  'AWS::S3::Glacier': rules(['glacier']),
  'AWS::S3Outposts::Bucket': rules(['s3-outposts'], S3_KEYS),
  'AWS::S3Outposts::AccessPoint': rules(['s3-outposts'], S3_KEYS),
  'AWS::SecretsManager::Secret': rules(['secretsmanager']),
  'AWS::SNS::Topic': rules(['sns']),
  'AWS::SQS::Queue': rules(['sqs']),
  'AWS::IAM::AssumeRolePolicyDocument': rules(['sts'], FEDERATION_KEYS, true),
  'AWS::S3Tables::TableBucket': rules(['s3tables']),
  'AWS::ApiGateway::RestApi': rules(['execute-api']),
  'AWS::CodeArtifact::Domain': rules(['codeartifact']),
  'AWS::Backup::BackupVault': rules(['backup']),
  'AWS::CloudTrail::Dashboard': rules(['cloudtrail']),
  'AWS::CloudTrail::EventDataStore': rules(['cloudtrail']),
  'AWS::S3Tables::Table': rules(['s3tables']),
  'AWS::S3Express::AccessPoint': rules(['s3express']),
};
