import type { JsonMember, JsonNode } from './json.js';
import { checkCondition } from './grammarCondition.js';
import type { GrammarReport } from './grammarReport.js';
import type { PolicyTypeRules } from './grammarRules.js';
import { checkActionFormat, checkResourceFormat, checkVariables, isTrustPolicyAction } from './grammarValues.js';
import { checkPrincipal } from './grammarPrincipal.js';

/** Statement elements IAM knows. AWS: IAM User Guide, "IAM JSON policy element reference". */
export const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** What the statement checker needs to know about the whole document. */
export interface StatementContext {
  readonly rules: PolicyTypeRules;
  readonly report: GrammarReport;
  /** Whether `${…}` is a policy variable (Version 2012-10-17) rather than literal text. */
  readonly variables: boolean;
}

/** Checks one statement; returns its Sid when it has a string one. */
export function checkStatement(node: JsonNode, path: string, ctx: StatementContext): string | undefined {
  const { report, rules } = ctx;
  if (node.kind !== 'object') {
    report.add('DATA_TYPE', { path, offset: node.start, detail: 'a statement must be an object' });
    return undefined;
  }
  const el = new Map<string, JsonMember>();
  for (const m of node.members) {
    if (!STATEMENT_ELEMENTS.has(m.key)) {
      report.add('UNKNOWN_ELEMENT', {
        path: `${path}.${m.key}`,
        offset: m.keyStart,
        detail: `unknown statement element \`${m.key}\``,
        args: { element: m.key },
      });
    }
    el.set(m.key, m);
  }
  const at = (name: string): { path: string; offset: number } => {
    const m = el.get(name);
    return { path: `${path}.${name}`, offset: m === undefined ? node.start : m.keyStart };
  };

  const sid = checkSid(el.get('Sid'), at('Sid'), ctx);
  checkEffect(el.get('Effect')?.value, at('Effect'), path, node.start, report);
  for (const [a, b] of [
    ['Action', 'NotAction'],
    ['Resource', 'NotResource'],
    ['Principal', 'NotPrincipal'],
  ] as const) {
    if (el.has(a) && el.has(b)) {
      report.add('ELEMENT_COMBINATION', { ...at(b), detail: `a statement cannot have both \`${a}\` and \`${b}\`` });
    }
  }
  const actions = stringList(el, 'Action', at, report) ?? stringList(el, 'NotAction', at, report);
  const resources = stringList(el, 'Resource', at, report) ?? stringList(el, 'NotResource', at, report);
  checkPrincipal(el, path, node.start, ctx);

  if (!rules.notAction && el.has('NotAction')) {
    const detail = '`NotAction` is not supported in this policy type';
    report.add('PROHIBITED_ELEMENT', { ...at('NotAction'), detail, args: { element: 'NotAction' } });
  }
  if (actions === undefined || actions.values.length === 0) {
    report.add('MISSING_ACTION', { path, offset: node.start, detail: 'statement has no `Action` or `NotAction`' });
  }
  if (rules.resource === 'prohibited') {
    for (const name of ['Resource', 'NotResource']) {
      if (!el.has(name)) continue;
      const detail = `\`${name}\` is not allowed in this policy type`;
      report.add('PROHIBITED_RESOURCE', { ...at(name), detail, args: { element: name } });
    }
  } else if (resources === undefined || resources.values.length === 0) {
    report.add('MISSING_RESOURCE', { path, offset: node.start, detail: 'statement has no `Resource` or `NotResource`' });
  }

  for (const a of actions?.values ?? []) {
    const problem = checkActionFormat(a.value);
    if (problem !== undefined) report.add(problem.issue, { path: a.path, offset: a.offset, ...problem });
    else if (rules.trustActions && !isTrustPolicyAction(a.value)) {
      const detail = `action \`${a.value}\` is not one a role trust policy can grant`;
      report.add('TRUST_ACTION', { path: a.path, offset: a.offset, detail });
    }
  }
  if (rules.resource === 'required') {
    for (const r of resources?.values ?? []) {
      const problem = checkResourceFormat(r.value) ?? (ctx.variables ? checkVariables(r.value) : undefined);
      if (problem !== undefined) report.add(problem.issue, { path: r.path, offset: r.offset, ...problem });
    }
  }
  const condition = el.get('Condition');
  if (condition !== undefined) checkCondition(condition.value, `${path}.Condition`, report, ctx.variables);
  if (rules.rcp) checkRcpStatement(el, path, node.start, report);
  return sid;
}

function checkSid(m: JsonMember | undefined, at: { path: string; offset: number }, ctx: StatementContext): string | undefined {
  if (m === undefined) return undefined;
  if (m.value.kind !== 'string') {
    ctx.report.add('DATA_TYPE', { ...at, detail: '`Sid` must be a string' });
    return undefined;
  }
  if (ctx.rules.sid === 'alphanumeric' && !/^[0-9A-Za-z]*$/.test(m.value.value)) {
    ctx.report.add('SID_CHARSET', { ...at, detail: `sid \`${m.value.value}\` has characters outside \`[0-9A-Za-z]\`` });
  }
  return m.value.value;
}

function checkEffect(v: JsonNode | undefined, at: { path: string; offset: number }, path: string, start: number, report: GrammarReport): void {
  if (v === undefined) {
    report.add('MISSING_EFFECT', { path, offset: start, detail: 'statement has no `Effect`' });
  } else if (v.kind !== 'string') {
    report.add('DATA_TYPE', { ...at, detail: '`Effect` must be a string' });
  } else if (v.value !== 'Allow' && v.value !== 'Deny') {
    const lower = v.value.toLowerCase();
    const caseOnly = lower === 'allow' || lower === 'deny';
    report.add(caseOnly ? 'EFFECT_CASE' : 'INVALID_EFFECT', { ...at, detail: `effect \`${v.value}\` must be exactly \`Allow\` or \`Deny\`` });
  }
}

/** One string of a string-or-list element, with where it sits. */
export interface LocatedString {
  readonly value: string;
  readonly path: string;
  readonly offset: number;
}

function stringList(
  el: Map<string, JsonMember>,
  name: string,
  at: (name: string) => { path: string; offset: number },
  report: GrammarReport,
): { values: LocatedString[] } | undefined {
  const m = el.get(name);
  if (m === undefined) return undefined;
  const v = m.value;
  if (v.kind === 'string') return { values: [{ value: v.value, path: `${at(name).path}`, offset: v.start }] };
  if (v.kind === 'array') {
    const values: LocatedString[] = [];
    v.items.forEach((item, i) => {
      if (item.kind === 'string') values.push({ value: item.value, path: `${at(name).path}[${i}]`, offset: item.start });
      else report.add('DATA_TYPE', { path: `${at(name).path}[${i}]`, offset: item.start, detail: `\`${name}\` entries must be strings` });
    });
    return { values };
  }
  report.add('DATA_TYPE', { ...at(name), detail: `\`${name}\` must be a string or an array of strings` });
  return { values: [] };
}

/**
 * AWS: Organizations User Guide, "RCP syntax": customer RCPs are Deny-only and must name a service
 * in every action; `Allow` exists only as RCPFullAWSAccess (Principal, Action and Resource all `*`,
 * no Condition).
 */
function checkRcpStatement(el: Map<string, JsonMember>, path: string, start: number, report: GrammarReport): void {
  const effect = el.get('Effect')?.value;
  const isStar = (name: string): boolean => {
    const v = el.get(name)?.value;
    if (v?.kind === 'string') return v.value === '*';
    const only = v?.kind === 'array' && v.items.length === 1 ? v.items[0] : undefined;
    return only?.kind === 'string' && only.value === '*';
  };
  if (effect?.kind === 'string' && effect.value === 'Allow') {
    if (!isStar('Action') || !isStar('Resource') || el.has('Condition')) {
      const detail = 'an rcp `Allow` statement must be exactly principal, action and resource `*` with no condition';
      report.add('RCP_RULE', { path, offset: start, detail });
    }
    return;
  }
  const action = el.get('Action')?.value;
  const items = action?.kind === 'array' ? action.items : action === undefined ? [] : [action];
  items.forEach((item, i) => {
    if (item.kind === 'string' && item.value === '*') {
      const detail = 'an rcp action must name a service; `*` alone is reserved to RCPFullAWSAccess';
      const itemPath = `${path}.Action${action?.kind === 'array' ? `[${i}]` : ''}`;
      report.add('RCP_RULE', { path: itemPath, offset: item.start, detail });
    }
  });
}
