import type { FindingCollector } from './findings.js';
import type { SourceDocument } from './sourceDocument.js';
import type { SourceMember, SourceNode } from './sourceJson.js';
import type { PathElement } from './types.js';

/** A string of the document with where it sits. */
export interface LocatedString {
  readonly value: string;
  readonly node: SourceNode;
  readonly path: readonly PathElement[];
}

/** Action/NotAction or Resource/NotResource: the element and its strings. */
export interface StringListElement {
  readonly name: string;
  readonly member: SourceMember;
  readonly path: readonly PathElement[];
  readonly values: readonly LocatedString[];
}

/** One principal value: `key` is `AWS`, `Service`, …, or `*` for a bare `"*"`. */
export interface PrincipalValue extends LocatedString {
  readonly key: string;
}

/** Principal/NotPrincipal. */
export interface PrincipalElement {
  readonly name: 'Principal' | 'NotPrincipal';
  readonly member: SourceMember;
  readonly path: readonly PathElement[];
  readonly values: readonly PrincipalValue[];
}

/** One condition value, written as a string, number or boolean. */
export interface ConditionValue {
  readonly text: string;
  readonly kind: 'string' | 'number' | 'boolean';
  readonly node: SourceNode;
  readonly path: readonly PathElement[];
}

/** One `operator: { key: values }` entry of a Condition block. */
export interface ConditionTest {
  readonly operator: SourceMember;
  readonly operatorPath: readonly PathElement[];
  readonly key: SourceMember;
  readonly keyPath: readonly PathElement[];
  readonly values: readonly ConditionValue[];
}

/** The Condition element. */
export interface ConditionElement {
  readonly member: SourceMember;
  readonly path: readonly PathElement[];
  readonly tests: readonly ConditionTest[];
}

/** One statement of the policy. */
export interface StatementModel {
  readonly index: number;
  readonly node: SourceNode;
  readonly path: readonly PathElement[];
  readonly members: ReadonlyMap<string, SourceMember>;
  readonly sid?: LocatedString;
  readonly effect?: LocatedString;
  readonly action?: StringListElement;
  readonly notAction?: StringListElement;
  readonly resource?: StringListElement;
  readonly notResource?: StringListElement;
  readonly principal?: PrincipalElement;
  readonly notPrincipal?: PrincipalElement;
  readonly condition?: ConditionElement;
}

/** The document as a policy. */
export interface PolicyModel {
  readonly root: SourceNode;
  readonly version?: LocatedString;
  readonly versionMember?: SourceMember;
  readonly statementMember?: SourceMember;
  readonly statements: readonly StatementModel[];
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/**
 * Reads the policy structure from the parsed document, reporting INVALID_POLICY_ELEMENT and
 * DATA_TYPE_MISMATCH on the way; what has the wrong type is left out of the model.
 */
export function buildPolicyModel(root: SourceNode, doc: SourceDocument, report: FindingCollector): PolicyModel | undefined {
  const mismatch = (path: readonly PathElement[], node: SourceNode, dataType: string): void =>
    report.add('DATA_TYPE_MISMATCH', [doc.at(path, node)], { dataType });
  if (root.kind !== 'object') {
    mismatch([], root, 'Object');
    return undefined;
  }
  let version: LocatedString | undefined;
  let versionMember: SourceMember | undefined;
  let statementMember: SourceMember | undefined;
  for (const m of root.members) {
    if (!TOP_LEVEL.has(m.key)) report.add('INVALID_POLICY_ELEMENT', [doc.keyOf([], m)], { element: m.key });
    else if (m.key === 'Version') {
      versionMember = m;
      if (m.value.kind === 'string') version = { value: m.value.value, node: m.value, path: [{ value: 'Version' }] };
      else mismatch([{ value: 'Version' }], m.value, 'String');
    } else if (m.key === 'Id' && m.value.kind !== 'string') mismatch([{ value: 'Id' }], m.value, 'String');
    else if (m.key === 'Statement') statementMember = m;
  }
  const statements: StatementModel[] = [];
  const s = statementMember?.value;
  if (s?.kind === 'object') statements.push(buildStatement(s, 0, [{ value: 'Statement' }], doc, report));
  else if (s?.kind === 'array') {
    s.items.forEach((item, i) => {
      const path = [{ value: 'Statement' }, { index: i }];
      if (item.kind === 'object') statements.push(buildStatement(item, i, path, doc, report));
      else mismatch(path, item, 'Object');
    });
  } else if (s !== undefined) mismatch([{ value: 'Statement' }], s, 'Array');
  return { root, version, versionMember, statementMember, statements };
}

function buildStatement(
  node: SourceNode & { kind: 'object' },
  index: number,
  path: PathElement[],
  doc: SourceDocument,
  report: FindingCollector,
): StatementModel {
  const members = new Map<string, SourceMember>();
  const mismatch = (p: readonly PathElement[], n: SourceNode, dataType: string): void => report.add('DATA_TYPE_MISMATCH', [doc.at(p, n)], { dataType });
  for (const m of node.members) {
    if (STATEMENT_ELEMENTS.has(m.key)) members.set(m.key, m);
    else report.add('INVALID_POLICY_ELEMENT', [doc.keyOf(path, m)], { element: m.key });
  }
  const str = (name: string): LocatedString | undefined => {
    const m = members.get(name);
    if (m === undefined) return undefined;
    const p = [...path, { value: name }];
    if (m.value.kind === 'string') return { value: m.value.value, node: m.value, path: p };
    mismatch(p, m.value, 'String');
    return undefined;
  };
  const list = (name: string): StringListElement | undefined => {
    const m = members.get(name);
    if (m === undefined) return undefined;
    const p = [...path, { value: name }];
    const values: LocatedString[] = [];
    if (m.value.kind === 'string') values.push({ value: m.value.value, node: m.value, path: p });
    else if (m.value.kind === 'array') {
      m.value.items.forEach((item, i) => {
        const ip = [...p, { index: i }];
        if (item.kind === 'string') values.push({ value: item.value, node: item, path: ip });
        else mismatch(ip, item, 'String');
      });
    } else mismatch(p, m.value, 'Array');
    return { name, member: m, path: p, values };
  };
  const principal = (name: 'Principal' | 'NotPrincipal'): PrincipalElement | undefined => {
    const m = members.get(name);
    if (m === undefined) return undefined;
    const p = [...path, { value: name }];
    const values: PrincipalValue[] = [];
    if (m.value.kind === 'string') values.push({ key: '*', value: m.value.value, node: m.value, path: p });
    else if (m.value.kind === 'object') {
      for (const entry of m.value.members) {
        const ep = [...p, { value: entry.key }];
        const items = entry.value.kind === 'array' ? entry.value.items.map((n, i) => [n, [...ep, { index: i }]] as const) : [[entry.value, ep] as const];
        for (const [n, np] of items) {
          if (n.kind === 'string') values.push({ key: entry.key, value: n.value, node: n, path: np });
          else mismatch(np, n, 'String');
        }
      }
    }
    return { name, member: m, path: p, values };
  };
  const conditionMember = members.get('Condition');
  let condition: ConditionElement | undefined;
  if (conditionMember !== undefined) {
    const cp = [...path, { value: 'Condition' }];
    const tests: ConditionTest[] = [];
    if (conditionMember.value.kind !== 'object') mismatch(cp, conditionMember.value, 'Object');
    else {
      for (const op of conditionMember.value.members) {
        const opPath = [...cp, { value: op.key }];
        if (op.value.kind !== 'object') {
          mismatch(opPath, op.value, 'Object');
          continue;
        }
        for (const key of op.value.members) {
          const keyPath = [...opPath, { value: key.key }];
          const values: ConditionValue[] = [];
          const items = key.value.kind === 'array' ? key.value.items.map((n, i) => [n, [...keyPath, { index: i }]] as const) : [[key.value, keyPath] as const];
          for (const [n, np] of items) {
            if (n.kind === 'string') values.push({ text: n.value, kind: 'string', node: n, path: np });
            else if (n.kind === 'number') values.push({ text: n.raw, kind: 'number', node: n, path: np });
            else if (n.kind === 'boolean') values.push({ text: String(n.value), kind: 'boolean', node: n, path: np });
            else mismatch(np, n, 'String');
          }
          tests.push({ operator: op, operatorPath: opPath, key, keyPath, values });
        }
      }
    }
    condition = { member: conditionMember, path: cp, tests };
  }
  return {
    index,
    node,
    path,
    members,
    sid: str('Sid'),
    effect: str('Effect'),
    action: list('Action'),
    notAction: list('NotAction'),
    resource: list('Resource'),
    notResource: list('NotResource'),
    principal: principal('Principal'),
    notPrincipal: principal('NotPrincipal'),
    condition,
  };
}
