import { parseDocument } from 'yaml';
import { parseSourceJson, type ValidatePolicyResourceType, type ValidatePolicyType } from '../analysis/validation/index.js';
import { cloudFormationPolicies } from './cloudFormation.js';
import { embedded, type PolicySource } from './embeddedPolicies.js';
import { fromJson, fromYaml, type TreeNode } from './sourceTree.js';
import { terraformPolicies } from './terraform.js';

export type { PolicySource } from './embeddedPolicies.js';

/** What a file holds besides its policies: why nothing could be read from it. */
export interface FileReading {
  readonly policies: readonly PolicySource[];
  /** Set when the file could not be read as JSON or YAML, or holds nothing Gatehouse recognizes. */
  readonly note?: string;
}

/** The policy type of a plain policy file: from `--type` and `--resource-type`. */
export interface PlainPolicyOptions {
  readonly policyType: ValidatePolicyType;
  readonly resourceType?: ValidatePolicyResourceType;
}

/**
 * Finds the policies in one file: a policy document (JSON or YAML), a CloudFormation template
 * (JSON or YAML), a Terraform plan (`terraform show -json`) or Terraform JSON configuration.
 */
export function policiesInFile(file: string, text: string, plain: PlainPolicyOptions): FileReading {
  const yaml = /\.ya?ml$/i.test(file);
  if (!yaml) {
    const parsed = parseSourceJson(text);
    if (!parsed.ok) {
      // A policy file that is not JSON is still a policy file: its syntax error is the finding.
      return { policies: [wholeFile(file, text, plain)] };
    }
    const root = fromJson(parsed.root);
    return classify(file, text, root, plain, true);
  }
  const doc = parseDocument(text, { keepSourceTokens: false, strict: false, uniqueKeys: false });
  if (doc.errors.length > 0) return { policies: [], note: `not YAML: ${doc.errors[0]!.message.split('\n')[0]}` };
  return classify(file, text, fromYaml(doc.contents, text), plain, false);
}

function classify(file: string, text: string, root: TreeNode, plain: PlainPolicyOptions, json: boolean): FileReading {
  const keys = new Set(root.kind === 'object' ? root.entries.map((e) => e.key) : []);
  if (keys.has('Resources') || keys.has('AWSTemplateFormatVersion')) return { policies: cloudFormationPolicies(file, text, root) };
  if (keys.has('planned_values') || keys.has('resource_changes') || keys.has('resource')) return { policies: terraformPolicies(file, text, root) };
  if (keys.has('Statement') || keys.has('Version')) {
    if (json) return { policies: [wholeFile(file, text, plain)] };
    return { policies: [embedded(file, root, undefined, plain.policyType, plain.resourceType)] };
  }
  return { policies: [], note: 'no policy, CloudFormation template or Terraform plan found' };
}

function wholeFile(file: string, text: string, plain: PlainPolicyOptions): PolicySource {
  return {
    file,
    policyType: plain.policyType,
    ...(plain.resourceType === undefined ? {} : { resourceType: plain.resourceType }),
    text,
    locate: (l) => ({ start: l.span.start.offset, end: l.span.end.offset }),
  };
}
