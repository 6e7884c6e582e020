/**
 * ARN construction and parsing for the `aws` partition.
 *
 * AWS: ARN format `arn:partition:service:region:account-id:resource` (reference-arns).
 * IAM ARNs have an empty region; STS assumed-role and federated-user ARNs live in `sts`.
 */

export const PARTITION = 'aws';

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: string;
}

/** Splits an ARN into its six parts; undefined when it is not an ARN. The resource may contain `:`. */
export function parseArn(arn: string): ParsedArn | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, accountId] = parts as [string, string, string, string, string];
  if (partition === '' || service === '') return undefined;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

export function rootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

/** ARN of an IAM entity with a path, e.g. `arn:aws:iam::123456789012:user/division/alice`. */
export function iamArn(
  accountId: string,
  kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile' | 'server-certificate' | 'mfa' | 'saml-provider' | 'oidc-provider',
  path: string,
  name: string,
): string {
  return `arn:${PARTITION}:iam::${accountId}:${kind}${path}${name}`;
}

export function assumedRoleArn(accountId: string, roleName: string, sessionName: string): string {
  return `arn:${PARTITION}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

export function federatedUserArn(accountId: string, name: string): string {
  return `arn:${PARTITION}:sts::${accountId}:federated-user/${name}`;
}
