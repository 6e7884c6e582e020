import type { ManagedPolicyFacts } from '../../auth/index.js';
import { awsManagedPolicies } from '../../store/index.js';

/** An AWS managed policy's default version from Gatehouse's copy, as the analysis reads policies it is not given. */
export function awsManagedPolicyFacts(arn: string): ManagedPolicyFacts | undefined {
  const policy = awsManagedPolicies.get(arn);
  if (policy === undefined) return undefined;
  const version = awsManagedPolicies.version(arn, policy.defaultVersionId);
  if (version === undefined) return undefined;
  return { arn, policyId: policy.policyId, name: policy.name, awsManaged: true, defaultVersionId: policy.defaultVersionId, document: version.document };
}
