import { PUBLIC_ACCESS_RULES, type AccessCheckResourceType, type PublicAccessRules } from '../customChecks/index.js';

/**
 * What the external access analysis needs to know of each kind of resource: the service whose
 * actions reach it (from the service authorization reference), how the catalog's resource types
 * of that service relate to the analyzed ARN, and what counts as public.
 */
export interface ExternalAccessRules {
  /** The catalog's service prefix, e.g. `sts` for a role (its trust policy grants sts actions). */
  readonly service: string;
  /**
   * The catalog resource types (lowercase keys) whose actions reach the resource: `self`, the
   * analyzed ARN itself; `child`, what lies under it (`<arn>/…`, an S3 bucket's objects). `any`:
   * every action of the service, whatever its Resource (a delegation policy's resources are the
   * organization's entities, never the policy).
   */
  readonly resourceTypes: Readonly<Record<string, 'self' | 'child'>> | 'any';
  /**
   * A role trust policy: statements name no Resource, AWS service principals act for the role's
   * own account (no finding), and each kind of principal can use only its own AssumeRole action.
   */
  readonly trustPolicy: boolean;
  /** CheckNoPublicAccess's rules of the type: the condition keys that keep a grant from being public. */
  readonly publicRules: PublicAccessRules;
}

const rules = (
  service: string,
  resourceTypes: ExternalAccessRules['resourceTypes'],
  publicType: AccessCheckResourceType | PublicAccessRules,
  trustPolicy = false,
): ExternalAccessRules => ({
  service,
  resourceTypes,
  trustPolicy,
  publicRules: typeof publicType === 'string' ? PUBLIC_ACCESS_RULES[publicType] : publicType,
});

/**
 * The resource types Gatehouse analyzes, by AWS's ResourceType name. AWS: IAM User Guide,
 * "Resource types supported for external access" (`AWS::Organizations::ResourcePolicy` is
 * Gatehouse's own: AWS does not analyze the Organizations delegation policy; it is named after
 * its CloudFormation type, as AWS names the others).
 */
export const EXTERNAL_ACCESS_RULES: Readonly<Record<string, ExternalAccessRules>> = {
  'AWS::IAM::Role': rules('sts', { role: 'self' }, 'AWS::IAM::AssumeRolePolicyDocument', true),
  'AWS::S3::Bucket': rules('s3', { bucket: 'self', object: 'child' }, 'AWS::S3::Bucket'),
  'AWS::S3Express::DirectoryBucket': rules('s3express', { bucket: 'self' }, 'AWS::S3Express::DirectoryBucket'),
  'AWS::SQS::Queue': rules('sqs', { queue: 'self' }, 'AWS::SQS::Queue'),
  'AWS::SNS::Topic': rules('sns', { topic: 'self' }, 'AWS::SNS::Topic'),
  'AWS::KMS::Key': rules('kms', { key: 'self' }, 'AWS::KMS::Key'),
  'AWS::SecretsManager::Secret': rules('secretsmanager', { secret: 'self' }, 'AWS::SecretsManager::Secret'),
  'AWS::Lambda::Function': rules('lambda', { function: 'self' }, 'AWS::Lambda::Function'),
  'AWS::DynamoDB::Table': rules('dynamodb', { table: 'self', index: 'child' }, 'AWS::DynamoDB::Table'),
  'AWS::DynamoDB::Stream': rules('dynamodb', { stream: 'self' }, 'AWS::DynamoDB::Stream'),
  'AWS::EFS::FileSystem': rules('elasticfilesystem', { 'file-system': 'self' }, 'AWS::EFS::FileSystem'),
  'AWS::Organizations::ResourcePolicy': rules('organizations', 'any', { services: ['organizations'], limitingKeys: [], trustPolicy: false }),
};
