import type { JsonMember, JsonNode } from './json.js';
import type { GrammarReport } from './grammarReport.js';
import type { StatementContext } from './grammarStatement.js';
import { checkPrincipalValue } from './grammarValues.js';

const PRINCIPAL_KINDS: ReadonlySet<string> = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

/**
 * Applies the policy type's Principal/NotPrincipal rule to one statement.
 * AWS: IAM User Guide, "AWS JSON policy elements: Principal" and "NotPrincipal"; identity policies,
 * boundaries, session policies and SCPs cannot name a principal, resource and trust policies must,
 * RCPs name only `"*"`.
 */
export function checkPrincipal(el: Map<string, JsonMember>, path: string, start: number, ctx: StatementContext): void {
  const { rules, report } = ctx;
  const principal = el.get('Principal');
  const notPrincipal = el.get('NotPrincipal');
  if (rules.principal === 'forbidden') {
    for (const m of [principal, notPrincipal]) {
      if (m !== undefined) {
        report.add('PROHIBITED_PRINCIPAL', {
          path: `${path}.${m.key}`,
          offset: m.keyStart,
          detail: `\`${m.key}\` is not allowed in this policy type`,
          args: { element: m.key },
        });
      }
    }
    return;
  }
  if (notPrincipal !== undefined && !rules.notPrincipal) {
    report.add('PROHIBITED_ELEMENT', {
      path: `${path}.NotPrincipal`,
      offset: notPrincipal.keyStart,
      detail: '`NotPrincipal` is not allowed in this policy type',
      args: { element: 'NotPrincipal' },
    });
  }
  if (rules.principal === 'star') {
    if (principal === undefined) {
      report.add('MISSING_PRINCIPAL', { path, offset: start, detail: 'statement has no `Principal`' });
    } else if (principal.value.kind !== 'string' || principal.value.value !== '*') {
      const offset = principal.value.start;
      report.add('RCP_RULE', { path: `${path}.Principal`, offset, detail: 'an rcp `Principal` must be `"*"`' });
    }
    return;
  }
  const given = principal ?? (rules.notPrincipal ? notPrincipal : undefined);
  if (given === undefined) {
    report.add('MISSING_PRINCIPAL', { path, offset: start, detail: 'statement has no `Principal`' });
    return;
  }
  for (const m of rules.notPrincipal ? [principal, notPrincipal] : [principal]) {
    if (m !== undefined) checkPrincipalSpec(m.value, `${path}.${m.key}`, rules.principalStar, report);
  }
}

function checkPrincipalSpec(v: JsonNode, path: string, starAllowed: boolean, report: GrammarReport): void {
  if (v.kind === 'string') {
    if (v.value !== '*' || !starAllowed) {
      const detail = `principal \`${v.value}\` must be \`*\` or an object of principal types`;
      report.add('INVALID_PRINCIPAL', { path, offset: v.start, detail, args: { value: v.value } });
    }
    return;
  }
  if (v.kind !== 'object') {
    report.add('DATA_TYPE', { path, offset: v.start, detail: 'a principal must be `"*"` or an object' });
    return;
  }
  let count = 0;
  for (const m of v.members) {
    const kindPath = `${path}.${m.key}`;
    if (!PRINCIPAL_KINDS.has(m.key)) {
      const detail = `unknown principal type \`${m.key}\``;
      report.add('INVALID_PRINCIPAL', { path: kindPath, offset: m.keyStart, detail, args: { principalKind: m.key } });
      continue;
    }
    const items = m.value.kind === 'array' ? m.value.items : [m.value];
    items.forEach((item, i) => {
      const itemPath = m.value.kind === 'array' ? `${kindPath}[${i}]` : kindPath;
      if (item.kind !== 'string') {
        report.add('DATA_TYPE', { path: itemPath, offset: item.start, detail: 'principal values must be strings' });
        return;
      }
      count++;
      const problem = checkPrincipalValue(m.key, item.value);
      if (problem !== undefined) report.add(problem.issue, { path: itemPath, offset: item.start, ...problem });
    });
  }
  if (count === 0 && v.members.every((m) => PRINCIPAL_KINDS.has(m.key))) {
    report.add('EMPTY_PRINCIPAL', { path, offset: v.start, detail: 'principal names no one' });
  }
}
