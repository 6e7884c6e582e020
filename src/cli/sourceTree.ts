import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { PathElement, SourceNode } from '../analysis/validation/index.js';

/**
 * One tree for JSON and YAML documents, with the offsets of every value and key in the file, so a
 * policy found anywhere in a template can be validated and its findings placed back in the file.
 */
export type TreeNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly entries: readonly TreeEntry[]; readonly tag?: string }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: readonly TreeNode[]; readonly tag?: string }
  | {
      readonly kind: 'scalar';
      readonly start: number;
      readonly end: number;
      readonly value: string | number | boolean | null;
      /** Characters between `start` and the scalar's first character (1 for a quoted string). */
      readonly lead: number;
      /** Whether offsets inside the value map one to one onto the file (no escapes, one line). */
      readonly verbatim: boolean;
      readonly tag?: string;
    };

/** One key of an object. */
export interface TreeEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: TreeNode;
}

/** The tree of a JSON document parsed by the positioned parser. */
export function fromJson(node: SourceNode): TreeNode {
  switch (node.kind) {
    case 'object':
      return {
        kind: 'object',
        start: node.start,
        end: node.end,
        entries: node.members.map((m) => ({ key: m.key, keyStart: m.keyRange.start, keyEnd: m.keyRange.end, value: fromJson(m.value) })),
      };
    case 'array':
      return { kind: 'array', start: node.start, end: node.end, items: node.items.map((i) => fromJson(i)) };
    case 'string':
      return { kind: 'scalar', start: node.start, end: node.end, value: node.value, lead: 1, verbatim: node.end - node.start === node.value.length + 2 };
    case 'null':
      return { kind: 'scalar', start: node.start, end: node.end, value: null, lead: 0, verbatim: true };
    default:
      return { kind: 'scalar', start: node.start, end: node.end, value: node.value, lead: 0, verbatim: true };
  }
}

/** The tree of a YAML node (tags such as CloudFormation's `!Ref` are kept on the node). */
export function fromYaml(node: unknown, source: string): TreeNode {
  const tagOf = (n: YamlNode): { tag?: string } => (n.tag?.startsWith('!') && !n.tag.startsWith('!!') ? { tag: n.tag } : {});
  if (isMap(node)) {
    const [start, , end] = node.range ?? [0, 0, 0];
    const entries: TreeEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const [ks, ke] = isScalar(pair.key) ? (pair.key.range ?? [start, start]) : [start, start];
      const value = pair.value === null ? nullAt(ke) : fromYaml(pair.value, source);
      entries.push({ key, keyStart: ks, keyEnd: ke, value });
    }
    return { kind: 'object', start, end, entries, ...tagOf(node) };
  }
  if (isSeq(node)) {
    const [start, , end] = node.range ?? [0, 0, 0];
    return { kind: 'array', start, end, items: node.items.map((i) => fromYaml(i, source)), ...tagOf(node) };
  }
  if (isScalar(node)) {
    const [start, valueEnd] = node.range ?? [0, 0, 0];
    const raw = source.slice(start, valueEnd);
    const value = node.value as string | number | boolean | null;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const text = typeof value === 'string' ? value : String(value);
    const verbatim = !raw.includes('\n') && raw.length === text.length + (quoted ? 2 : 0);
    return {
      kind: 'scalar',
      start,
      end: valueEnd,
      value: typeof value === 'object' && value !== null ? String(value) : value,
      lead: quoted ? 1 : 0,
      verbatim,
      ...tagOf(node),
    };
  }
  return nullAt(0);
}

function nullAt(offset: number): TreeNode {
  return { kind: 'scalar', start: offset, end: offset, value: null, lead: 0, verbatim: true };
}

/** The entry of an object named `key`. */
export function entryOf(node: TreeNode | undefined, key: string): TreeEntry | undefined {
  return node?.kind === 'object' ? node.entries.find((e) => e.key === key) : undefined;
}

/**
 * The range in the file of a finding's path, followed from `root` (the policy's node): the
 * deepest node the path reaches (an intrinsic function the path runs into stands for its result).
 */
export function rangeOfPath(root: TreeNode, path: readonly PathElement[]): { start: number; end: number } {
  let node = root;
  for (const step of path) {
    if ('value' in step) {
      const entry = entryOf(node, step.value);
      if (entry === undefined) break;
      node = entry.value;
    } else if ('key' in step) {
      const entry = entryOf(node, step.key);
      if (entry !== undefined) return { start: entry.keyStart, end: entry.keyEnd };
      break;
    } else if ('index' in step) {
      if (node.kind !== 'array') break;
      const item = node.items[step.index];
      if (item === undefined) break;
      node = item;
    } else if (node.kind === 'scalar' && node.verbatim) {
      const start = node.start + node.lead + step.substring.start;
      return { start, end: start + step.substring.length };
    }
  }
  return { start: node.start, end: node.end };
}
