import type { ValidatePolicyResourceType, ValidatePolicyType } from '../analysis/validation/index.js';
import { resolveNode, templateScope, type TemplateScope } from './cfnIntrinsics.js';
import { embedded, stringPolicy, type PolicySource } from './embeddedPolicies.js';
import { entryOf, type TreeNode } from './sourceTree.js';

const TRUST: ValidatePolicyResourceType = 'AWS::IAM::AssumeRolePolicyDocument';

/**
 * The policies of a CloudFormation template: AWS::IAM::Policy and ManagedPolicy documents, a
 * role's trust policy (validated as AWS::IAM::AssumeRolePolicyDocument) and the inline Policies of
 * roles, users and groups, S3 bucket policies (AWS::S3::Bucket), and Organizations policies of
 * type SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY.
 */
export function cloudFormationPolicies(file: string, text: string, root: TreeNode): PolicySource[] {
  const resources = entryOf(root, 'Resources')?.value;
  if (resources?.kind !== 'object') return [];
  const scope = templateScope(root);
  const out: PolicySource[] = [];
  for (const resource of resources.entries) {
    const typeNode = entryOf(resource.value, 'Type')?.value;
    const type = typeNode?.kind === 'scalar' ? String(typeNode.value) : '';
    const props = entryOf(resource.value, 'Properties')?.value;
    const at = `Resources.${resource.key}.Properties`;
    const add = (node: TreeNode | undefined, label: string, policyType: ValidatePolicyType, resourceType?: ValidatePolicyResourceType): void => {
      if (node !== undefined) out.push(policyAt(file, text, node, label, scope, policyType, resourceType));
    };
    switch (type) {
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        add(entryOf(props, 'PolicyDocument')?.value, `${at}.PolicyDocument`, 'IDENTITY_POLICY');
        break;
      case 'AWS::IAM::Role':
        add(entryOf(props, 'AssumeRolePolicyDocument')?.value, `${at}.AssumeRolePolicyDocument`, 'RESOURCE_POLICY', TRUST);
        inlinePolicies(props, at, add);
        break;
      case 'AWS::IAM::User':
      case 'AWS::IAM::Group':
        inlinePolicies(props, at, add);
        break;
      case 'AWS::S3::BucketPolicy':
        add(entryOf(props, 'PolicyDocument')?.value, `${at}.PolicyDocument`, 'RESOURCE_POLICY', 'AWS::S3::Bucket');
        break;
      case 'AWS::Organizations::Policy': {
        const kind = entryOf(props, 'Type')?.value;
        const policyType = kind?.kind === 'scalar' ? String(kind.value) : '';
        if (policyType === 'SERVICE_CONTROL_POLICY' || policyType === 'RESOURCE_CONTROL_POLICY')
          add(entryOf(props, 'Content')?.value, `${at}.Content`, policyType);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

function inlinePolicies(props: TreeNode | undefined, at: string, add: (node: TreeNode | undefined, label: string, type: ValidatePolicyType) => void): void {
  const policies = entryOf(props, 'Policies')?.value;
  if (policies?.kind !== 'array') return;
  for (const [i, p] of policies.items.entries()) add(entryOf(p, 'PolicyDocument')?.value, `${at}.Policies[${i}].PolicyDocument`, 'IDENTITY_POLICY');
}

function policyAt(
  file: string,
  text: string,
  node: TreeNode,
  label: string,
  scope: TemplateScope,
  policyType: ValidatePolicyType,
  resourceType?: ValidatePolicyResourceType,
): PolicySource {
  // AWS: CloudFormation accepts a policy document as a JSON object or as a JSON string.
  if (node.kind === 'scalar' && typeof node.value === 'string' && node.tag === undefined)
    return stringPolicy(file, text, node, label, policyType, resourceType);
  return embedded(file, node, label, policyType, resourceType, resolveNode(node, scope));
}
