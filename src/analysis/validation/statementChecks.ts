import { hasPrincipals, type Check, type CheckContext } from './checkContext.js';
import type { StatementModel } from './policyModel.js';

const COMBINATIONS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

/** The elements every statement needs, their combinations, Sids and empty elements. */
export const checkStatements: Check = (ctx) => {
  const sids = new Map<string, StatementModel[]>();
  for (const s of ctx.policy.statements) {
    checkElements(ctx, s);
    checkEmpty(ctx, s);
    if (s.sid !== undefined) {
      if (s.sid.value === '') ctx.report.add('EMPTY_SID_VALUE', [ctx.doc.at(s.sid.path, s.sid.node)]);
      // AWS: IAM User Guide, "Sid": IAM-stored (identity) policies allow only ASCII letters and digits.
      else if (ctx.kind === 'identity' && !/^[A-Za-z0-9]*$/.test(s.sid.value)) {
        ctx.report.add('UNSUPPORTED_SID', [ctx.doc.at(s.sid.path, s.sid.node)]);
      }
      if (s.sid.value !== '') sids.set(s.sid.value, [...(sids.get(s.sid.value) ?? []), s]);
    }
  }
  // AWS: IAM-stored policies and organization policies need unique Sids; elsewhere it is advice.
  const code = ctx.kind === 'resource' || ctx.kind === 'trust' ? 'UNIQUE_SIDS_RECOMMENDED' : 'UNIQUE_SIDS_REQUIRED';
  for (const group of sids.values()) {
    if (group.length < 2) continue;
    ctx.report.add(
      code,
      group.map((s) => ctx.doc.at(s.sid!.path, s.sid!.node)),
    );
  }
};

function checkElements(ctx: CheckContext, s: StatementModel): void {
  const { doc, report, kind } = ctx;
  const whole = doc.at(s.path, s.node);
  if (!s.members.has('Effect')) report.add('MISSING_EFFECT', [whole]);
  else if (s.effect !== undefined && s.effect.value !== 'Allow' && s.effect.value !== 'Deny') {
    report.add('INVALID_EFFECT', [doc.at(s.effect.path, s.effect.node)], { effect: s.effect.value });
  }
  if (!s.members.has('Action') && !s.members.has('NotAction')) report.add('MISSING_ACTION', [whole]);
  if (kind !== 'trust' && !s.members.has('Resource') && !s.members.has('NotResource')) report.add('MISSING_RESOURCE', [whole]);
  if (hasPrincipals(kind) && !s.members.has('Principal') && !s.members.has('NotPrincipal')) report.add('MISSING_PRINCIPAL', [whole]);
  for (const [a, b] of COMBINATIONS) {
    const ma = s.members.get(a);
    const mb = s.members.get(b);
    if (ma !== undefined && mb !== undefined) {
      report.add('UNSUPPORTED_ELEMENT_COMBINATION', [doc.keyOf(s.path, ma), doc.keyOf(s.path, mb)], { element1: a, element2: b });
    }
  }
  if (kind === 'identity') {
    for (const name of ['Principal', 'NotPrincipal']) {
      const m = s.members.get(name);
      if (m !== undefined) report.add('UNSUPPORTED_PRINCIPAL', [doc.keyOf(s.path, m)], { policyType: ctx.options.policyType });
    }
  }
}

function checkEmpty(ctx: CheckContext, s: StatementModel): void {
  const { doc, report } = ctx;
  const emptyArray = (name: string, code: string): void => {
    const m = s.members.get(name);
    if (m?.value.kind === 'array' && m.value.items.length === 0) report.add(code, [doc.at([...s.path, { value: name }], m.value)]);
  };
  emptyArray('Action', 'EMPTY_ARRAY_ACTION');
  emptyArray('NotAction', 'EMPTY_ARRAY_ACTION');
  emptyArray('Resource', 'EMPTY_ARRAY_RESOURCE');
  emptyArray('NotResource', 'EMPTY_ARRAY_RESOURCE');
  const c = s.condition;
  if (c !== undefined && c.member.value.kind === 'object' && c.member.value.members.length === 0) {
    report.add('EMPTY_OBJECT_CONDITION', [doc.at(c.path, c.member.value)]);
  }
}
