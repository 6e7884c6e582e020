import type { Location, ValidatePolicyResourceType, ValidatePolicyType } from '../analysis/validation/index.js';
import { rangeOfPath, type TreeNode } from './sourceTree.js';

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
  const first = fileText[node.start];
  const toFile = (offset: number): number => {
    if (node.verbatim) return node.start + node.lead + offset;
    if (first === '"') return rawOffset(fileText, node.start + 1, offset);
    if (first === '|') return literalBlockOffset(fileText, node.start, text, offset);
    return node.start;
  };
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

/**
 * The file offset of the `decoded`-th character of a YAML literal block (`|`): each line of the
 * value is a line of the file after the indicator, behind the block's indentation.
 */
function literalBlockOffset(fileText: string, indicator: number, value: string, decoded: number): number {
  const before = value.slice(0, decoded);
  const line = before.split('\n').length - 1;
  const column = decoded - (before.lastIndexOf('\n') + 1);
  let at = fileText.indexOf('\n', indicator) + 1;
  for (let i = 0; i < line && at > 0; i++) at = fileText.indexOf('\n', at) + 1;
  if (at <= 0) return indicator;
  let indent = 0;
  while (fileText[at + indent] === ' ') indent++;
  return at + indent + column;
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
