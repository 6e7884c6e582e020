import type { ValidatePolicyResourceType, ValidatePolicyType } from '../analysis/validation/index.js';
import { stringPolicy, type PolicySource } from './embeddedPolicies.js';
import { entryOf, type TreeNode } from './sourceTree.js';

/** Which attribute of which Terraform resource holds a policy, and what kind of policy it is. */
const ATTRIBUTES: Readonly<Record<string, readonly { attribute: string; policyType: ValidatePolicyType; resourceType?: ValidatePolicyResourceType }[]>> = {
  aws_iam_policy: [{ attribute: 'policy', policyType: 'IDENTITY_POLICY' }],
  aws_iam_role: [{ attribute: 'assume_role_policy', policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' }],
  aws_iam_role_policy: [{ attribute: 'policy', policyType: 'IDENTITY_POLICY' }],
  aws_iam_user_policy: [{ attribute: 'policy', policyType: 'IDENTITY_POLICY' }],
  aws_iam_group_policy: [{ attribute: 'policy', policyType: 'IDENTITY_POLICY' }],
  aws_s3_bucket_policy: [{ attribute: 'policy', policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }],
};

/**
 * The policies of a Terraform plan (`terraform show -json`: every module of `planned_values`) or
 * of Terraform JSON configuration (`resource.<type>.<name>`). A value known only after apply is
 * absent from the plan and is skipped; so is a configuration value that is an expression.
 */
export function terraformPolicies(file: string, text: string, root: TreeNode): PolicySource[] {
  const out: PolicySource[] = [];
  const planned = entryOf(entryOf(root, 'planned_values')?.value, 'root_module')?.value;
  if (planned !== undefined) walkModule(planned, file, text, out);
  const config = entryOf(root, 'resource')?.value;
  if (config?.kind === 'object') {
    for (const type of config.entries) {
      if (type.value.kind !== 'object') continue;
      for (const named of type.value.entries) collect(type.key, `${type.key}.${named.key}`, named.value, file, text, out);
    }
  }
  return out;
}

function walkModule(module: TreeNode, file: string, text: string, out: PolicySource[]): void {
  const resources = entryOf(module, 'resources')?.value;
  if (resources?.kind === 'array') {
    for (const r of resources.items) {
      const type = entryOf(r, 'type')?.value;
      const address = entryOf(r, 'address')?.value;
      const values = entryOf(r, 'values')?.value;
      if (type?.kind !== 'scalar' || values === undefined) continue;
      collect(String(type.value), address?.kind === 'scalar' ? String(address.value) : String(type.value), values, file, text, out);
    }
  }
  const children = entryOf(module, 'child_modules')?.value;
  if (children?.kind === 'array') for (const child of children.items) walkModule(child, file, text, out);
}

function collect(type: string, address: string, values: TreeNode, file: string, text: string, out: PolicySource[]): void {
  const add = (node: TreeNode | undefined, label: string, policyType: ValidatePolicyType, resourceType?: ValidatePolicyResourceType): void => {
    if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.trim() !== '' && !node.value.includes('${')) {
      out.push(stringPolicy(file, text, node, label, policyType, resourceType));
    }
  };
  for (const spec of ATTRIBUTES[type] ?? []) add(entryOf(values, spec.attribute)?.value, `${address}.${spec.attribute}`, spec.policyType, spec.resourceType);
  if (type === 'aws_iam_role') {
    const inline = entryOf(values, 'inline_policy')?.value;
    if (inline?.kind === 'array')
      for (const [i, p] of inline.items.entries()) add(entryOf(p, 'policy')?.value, `${address}.inline_policy[${i}].policy`, 'IDENTITY_POLICY');
  }
  if (type === 'aws_organizations_policy') {
    const kind = entryOf(values, 'type')?.value;
    const policyType = kind?.kind === 'scalar' ? String(kind.value) : 'SERVICE_CONTROL_POLICY';
    if (policyType === 'SERVICE_CONTROL_POLICY' || policyType === 'RESOURCE_CONTROL_POLICY')
      add(entryOf(values, 'content')?.value, `${address}.content`, policyType);
  }
}
