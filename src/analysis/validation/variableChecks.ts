import type { Check, CheckContext } from './checkContext.js';
import { parseOperatorName } from './conditionOperatorNames.js';
import type { LocatedString } from './policyModel.js';

/** Where a string sits, for the variable rules. */
type Place = 'resource' | 'condition-string' | 'condition-other' | 'elsewhere';

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`): their syntax, the
 * elements and operators that accept them, and the policy version. AWS: IAM User Guide,
 * "IAM policy elements: Variables and tags".
 */
export const checkVariables: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    for (const v of [...(s.resource?.values ?? []), ...(s.notResource?.values ?? [])]) scan(ctx, v, 'resource');
    for (const v of [...(s.action?.values ?? []), ...(s.notAction?.values ?? [])]) scan(ctx, v, 'elsewhere');
    for (const v of [...(s.principal?.values ?? []), ...(s.notPrincipal?.values ?? [])]) scan(ctx, v, 'elsewhere');
    for (const t of s.condition?.tests ?? []) {
      const op = parseOperatorName(t.operator.key);
      const takesVariables = op === undefined || op.spec.variables;
      for (const v of t.values) {
        if (v.kind === 'string') scan(ctx, { value: v.text, node: v.node, path: v.path }, takesVariables ? 'condition-string' : 'condition-other');
      }
    }
  }
};

const FIXED = new Set(['*', '?', '$']);

function scan(ctx: CheckContext, v: LocatedString, place: Place): void {
  const text = v.value;
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', open + 2)) {
    const close = text.indexOf('}', open + 2);
    const at = (length: number) => [ctx.doc.substringOf(v.path, v.node, open, length)];
    if (close < 0) {
      ctx.report.add('MISSING_BRACE_IN_VARIABLE', at(text.length - open));
      return;
    }
    const length = close - open + 1;
    const body = text.slice(open + 2, close);
    const variable = text.slice(open, close + 1);
    if (body.trim() === '') ctx.report.add('EMPTY_VARIABLE', at(length));
    else if (!FIXED.has(body)) {
      const comma = body.indexOf(',');
      const name = (comma < 0 ? body : body.slice(0, comma)).trim();
      const fallback = comma < 0 ? undefined : body.slice(comma + 1).trim();
      if (/\s/.test(name) || (comma < 0 && body !== name)) ctx.report.add('UNSUPPORTED_SPACE_IN_VARIABLE', at(length));
      else if (fallback !== undefined && !/^'[^']*'$/.test(fallback)) ctx.report.add('MISSING_QUOTE_IN_VARIABLE', at(length));
    }
    if (place === 'elsewhere') ctx.report.add('VARIABLE_UNSUPPORTED_IN_ELEMENT', at(length), { variable });
    else if (place === 'condition-other') ctx.report.add('INVALID_VARIABLE_FOR_OPERATOR', at(length));
    else if (!ctx.variables) ctx.report.add('VARIABLE_UNSUPPORTED_IN_VERSION', at(length));
    open = close - 1;
  }
}
