/**
 * The resources a CloudTrail event names, for LookupEvents' `Resources` and its ResourceType /
 * ResourceName lookups, derived from the recorded request parameters and response elements.
 *
 * AWS: resource types use CloudFormation's names (`AWS::IAM::User` …) in LookupEvents results
 * (CloudTrail API reference, Resource).
 */
const BY_PARAMETER: readonly [string, string][] = [
  ['userName', 'AWS::IAM::User'],
  ['newUserName', 'AWS::IAM::User'],
  ['groupName', 'AWS::IAM::Group'],
  ['roleName', 'AWS::IAM::Role'],
  ['roleArn', 'AWS::IAM::Role'],
  ['policyArn', 'AWS::IAM::Policy'],
  ['policyName', 'AWS::IAM::Policy'],
  ['instanceProfileName', 'AWS::IAM::InstanceProfile'],
  ['accessKeyId', 'AWS::IAM::AccessKey'],
  ['serialNumber', 'AWS::IAM::MFADevice'],
  ['serverCertificateName', 'AWS::IAM::ServerCertificate'],
  ['sAMLProviderArn', 'AWS::IAM::SAMLProvider'],
  ['openIDConnectProviderArn', 'AWS::IAM::OIDCProvider'],
  ['bucket', 'AWS::S3::Bucket'],
];

export function eventResources(request: Record<string, unknown> | null, response: Record<string, unknown> | null): { type: string; name: string }[] {
  const found = new Map<string, { type: string; name: string }>();
  const add = (type: string, name: unknown) => {
    if (typeof name === 'string' && name !== '') found.set(`${type}\n${name}`, { type, name });
  };
  for (const [parameter, type] of BY_PARAMETER) add(type, request?.[parameter]);
  for (const value of Object.values(response ?? {})) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const element = value as Record<string, unknown>;
    add('AWS::IAM::AccessKey', element['accessKeyId']);
    if ('userId' in element) add('AWS::IAM::User', element['userName']);
    if ('roleId' in element) add('AWS::IAM::Role', element['roleName']);
    if ('policyId' in element) add('AWS::IAM::Policy', element['arn']);
    // AWS: an STS record names the session it made (CloudTrail event history shows AssumedRole / FederatedUser resources).
    if ('assumedRoleId' in element) add('AWS::STS::AssumedRole', element['arn']);
    if ('federatedUserId' in element) add('AWS::STS::FederatedUser', element['arn']);
  }
  return [...found.values()];
}
