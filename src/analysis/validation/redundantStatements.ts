import type { Check } from './checkContext.js';
import type { StatementModel } from './policyModel.js';
import type { SourceMember, SourceNode } from './sourceJson.js';

/** Two statements that grant or deny the same thing (equal apart from their Sids). */
export const checkRedundantStatements: Check = (ctx) => {
  // Statements are grouped by a cheap fingerprint (element names and the lengths of their values);
  // only statements that share one are compared in full.
  const groups = new Map<string, StatementModel[]>();
  for (const s of ctx.policy.statements) {
    if (s.node.kind !== 'object') continue;
    const fingerprint = elements(s.node)
      .map((m) => `${m.key}:${m.value.end - m.value.start}`)
      .sort()
      .join(',');
    groups.set(fingerprint, [...(groups.get(fingerprint) ?? []), s]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const seen = new Map<string, StatementModel>();
    for (const s of group) {
      if (s.node.kind !== 'object') continue;
      const key = canonical({ ...s.node, members: elements(s.node) });
      const first = seen.get(key);
      if (first === undefined) seen.set(key, s);
      else ctx.report.add('REDUNDANT_STATEMENT', [ctx.doc.at(first.path, first.node), ctx.doc.at(s.path, s.node)]);
    }
  }
};

function elements(node: SourceNode & { kind: 'object' }): SourceMember[] {
  return node.members.filter((m) => m.key !== 'Sid');
}

/** A text that is equal for equal JSON values (object members sorted, arrays of strings sorted). */
function canonical(node: SourceNode): string {
  switch (node.kind) {
    case 'object':
      return `{${[...node.members]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((m) => `${JSON.stringify(m.key)}:${canonical(m.value)}`)
        .join(',')}}`;
    case 'array': {
      const items = node.items.map(canonical);
      if (node.items.length === 1) return items[0]!;
      return `[${items.sort().join(',')}]`;
    }
    case 'string':
      return JSON.stringify(node.value);
    case 'number':
      return node.raw;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
  }
}
