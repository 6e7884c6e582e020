import type { Check } from './checkContext.js';
import type { SourceNode } from './sourceJson.js';

/** Two statements that grant or deny the same thing (equal apart from their Sids). */
export const checkRedundantStatements: Check = (ctx) => {
  const seen = new Map<string, (typeof ctx.policy.statements)[number]>();
  for (const s of ctx.policy.statements) {
    if (s.node.kind !== 'object') continue;
    const key = canonical({ ...s.node, members: s.node.members.filter((m) => m.key !== 'Sid') });
    const first = seen.get(key);
    if (first === undefined) seen.set(key, s);
    else ctx.report.add('REDUNDANT_STATEMENT', [ctx.doc.at(first.path, first.node), ctx.doc.at(s.path, s.node)]);
  }
};

/** A text that is equal for equal JSON values (object members sorted, arrays of strings sorted). */
function canonical(node: SourceNode): string {
  switch (node.kind) {
    case 'object':
      return `{${[...node.members].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((m) => `${JSON.stringify(m.key)}:${canonical(m.value)}`).join(',')}}`;
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
