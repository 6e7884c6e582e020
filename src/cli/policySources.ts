import { parseDocument } from 'yaml';
import { parseSourceJson, type Location, type ValidatePolicyResourceType, type ValidatePolicyType } from '../analysis/validation/index.js';
import { cloudFormationPolicies } from './cloudFormation.js';
import { fromJson, fromYaml, rangeOfPath, type TreeNode } from './sourceTree.js';
import { terraformPolicies } from './terraform.js';

/** A policy found in a file, ready to validate, with a way to place findings back in the file. */
export interface PolicySource {
  readonly file: string;
  /** Where the policy sits in the file (`Resources.AppRole.Properties.AssumeRolePolicyDocument`); absent for a policy file. */
  readonly label?: string;
  readonly policyType: ValidatePolicyType;
  readonly resourceType?: ValidatePolicyResourceType;
  /** The policy text that is validated. */
  readonly text: string;
  /** The offsets in the file of a finding's location. */
  locate(location: Location): { start: number; end: number };
}

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

/**
 * A policy held as a tree node of a template: validated as pretty-printed JSON of its resolved
 * value; findings are placed at the node their path leads to in the file.
 */
export function embedded(
  file: string,
  node: TreeNode,
  label: string | undefined,
  policyType: ValidatePolicyType,
  resourceType: ValidatePolicyResourceType | undefined,
  value: unknown = plainValue(node),
): PolicySource {
  return {
    file,
    ...(label === undefined ? {} : { label }),
    policyType,
    ...(resourceType === undefined ? {} : { resourceType }),
    text: JSON.stringify(value, null, 2) ?? 'null',
    locate: (l) => rangeOfPath(node, l.path),
  };
}

/**
 * A policy held as a JSON string inside a file (Terraform's `policy`, a CloudFormation document
 * written as a string): offsets in the policy map through the string's escapes onto the file.
 */
export function stringPolicy(
  file: string,
  fileText: string,
  node: TreeNode & { kind: 'scalar' },
  label: string,
  policyType: ValidatePolicyType,
  resourceType?: ValidatePolicyResourceType,
): PolicySource {
  const text = String(node.value);
  const jsonString = fileText[node.start] === '"';
  const toFile = (offset: number): number => (node.verbatim ? node.start + node.lead + offset : jsonString ? rawOffset(fileText, node.start + 1, offset) : node.start);
  return {
    file,
    label,
    policyType,
    ...(resourceType === undefined ? {} : { resourceType }),
    text,
    locate: (l) => ({ start: toFile(l.span.start.offset), end: toFile(l.span.end.offset) }),
  };
}

/** The file offset of the `decoded`-th character of a JSON string whose content starts at `from`. */
function rawOffset(fileText: string, from: number, decoded: number): number {
  let raw = from;
  for (let i = 0; i < decoded && raw < fileText.length; i++) {
    if (fileText[raw] !== '\\') raw++;
    else raw += fileText[raw + 1] === 'u' ? 6 : 2;
  }
  return raw;
}

function plainValue(node: TreeNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
    case 'array':
      return node.items.map(plainValue);
    case 'scalar':
      return node.value;
  }
}
