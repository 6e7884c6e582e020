import { effectOf, type Check, type CheckContext } from './checkContext.js';
import { parseOperatorName, type OperatorName } from './conditionOperatorNames.js';
import { keyInfo } from './conditionKeyInfo.js';
import type { ConditionTest, StatementModel } from './policyModel.js';

/**
 * AWS: IAM User Guide, "AWS global condition context keys", "Sensitive condition keys": wildcards
 * have no valid use in these keys, even in part of a value.
 */
const SENSITIVE_KEYS = new Set([
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:resourceaccount',
  'aws:resourceorgid',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:vpceaccount',
  'aws:vpceorgid',
  'aws:userid',
]);
/** Literal characters required before a wildcard or variable in an identity provider's `sub` claim. */
const MIN_LITERAL = 6;
/** Keys whose value the caller sets. */
const UNTRUSTWORTHY = new Set(['aws:useragent', 'aws:referer']);
/** Keys that need a partner in the same block (AWS: "Missing paired condition keys"). */
const PAIRED: Readonly<Record<string, readonly string[]>> = {
  'aws:vpcsourceip': ['aws:SourceVpc', 'aws:SourceVpce'],
  'aws:ec2instancesourceprivateipv4': ['aws:Ec2InstanceSourceVpc'],
};

/** Security-relevant uses of condition keys and values. */
export const checkConditionSecurity: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    const tests = s.condition?.tests ?? [];
    for (const t of tests) {
      const op = parseOperatorName(t.operator.key);
      if (op === undefined || op.base === 'Null') continue;
      checkPermissiveValues(ctx, t);
      checkWildcardValue(ctx, t, op);
      checkKeyUse(ctx, s, t, op);
    }
    checkPairs(ctx, s);
  }
};

function checkPermissiveValues(ctx: CheckContext, t: ConditionTest): void {
  const key = t.key.key.toLowerCase();
  const sensitive = SENSITIVE_KEYS.has(key);
  const subClaim = /^[^:]*\.[^:]*:sub$/.test(key);
  if (!sensitive && !subClaim) return;
  for (const v of t.values) {
    if (v.kind !== 'string') continue;
    const wildcard = v.text.search(/[*?]/);
    const variable = v.text.indexOf('${');
    const here = [ctx.doc.at(v.path, v.node)];
    if (variable >= 0 && (sensitive ? variableIsUserSet(v.text) : variable < MIN_LITERAL)) {
      const close = v.text.indexOf('}', variable);
      ctx.report.add('VARIABLE_USAGE_TOO_PERMISSIVE', here, {
        variable: v.text.slice(variable, close < 0 ? undefined : close + 1),
        key: t.key.key,
        minimum: MIN_LITERAL,
      });
    } else if (wildcard >= 0 && (sensitive || lastLiteralRun(v.text, wildcard) < MIN_LITERAL)) {
      ctx.report.add('WILDCARD_USAGE_TOO_PERMISSIVE', here, { key: t.key.key, minimum: MIN_LITERAL });
    }
  }
}

/**
 * Whether a value uses a variable the caller can influence (a tag, or a key other than the
 * identity of the principal, resource or source): `${aws:PrincipalAccount}` in aws:ResourceAccount
 * is a precise match, `${aws:PrincipalTag/account}` is not.
 */
function variableIsUserSet(text: string): boolean {
  for (const m of text.matchAll(/\$\{\s*([^,}\s]+)/g)) {
    if (!/^aws:(principalaccount|principalorgid|resourceaccount|resourceorgid|sourceaccount|sourceorgid|userid)$/i.test(m[1]!)) return true;
  }
  return false;
}

/** The longest run of literal characters before any wildcard, up to `until`. */
function lastLiteralRun(text: string, until: number): number {
  let shortest = until;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '*' || text[i] === '?') {
      shortest = Math.min(shortest, run);
      run = 0;
    } else run++;
  }
  return shortest;
}

/**
 * A `*` value of a Like operator: positive operators match any present key (equivalent to
 * Null false; with IfExists or ForAllValues, always true: the key is redundant); negated
 * operators match only an absent key (equivalent to Null true; with ForAnyValue, never: the
 * statement is dead). Gatehouse's reading of the four checks.
 */
function checkWildcardValue(ctx: CheckContext, t: ConditionTest, op: OperatorName): void {
  if (!op.spec.wildcards) return;
  const star = t.values.find((v) => v.text === '*');
  if (star === undefined) return;
  const here = [ctx.doc.at(star.path, star.node)];
  const args = { key: t.key.key, operator: t.operator.key, value: '*' };
  if (!op.spec.negated) {
    if (op.ifExists || op.qualifier === 'ForAllValues' || t.values.length > 1) ctx.report.add('REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION', here, args);
    else ctx.report.add('EQUIVALENT_TO_NULL_FALSE', here, args);
  } else if (op.qualifier === 'ForAnyValue') ctx.report.add('REDUNDANT_STATEMENT_DUE_TO_WILDCARD_IN_CONDITION', here, args);
  else ctx.report.add('EQUIVALENT_TO_NULL_TRUE', here, args);
}

function checkKeyUse(ctx: CheckContext, s: StatementModel, t: ConditionTest, op: OperatorName): void {
  const key = t.key.key.toLowerCase();
  const here = [ctx.doc.keyOf(t.operatorPath, t.key)];
  const info = keyInfo(t.key.key);
  if (info.kind === 'known' && info.type.replace(/^ArrayOf/, '').toUpperCase() === 'ARN' && op.spec.type === 'String' && op.spec.wildcards) {
    ctx.report.add('STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS', here, { operator: t.operator.key, key: t.key.key });
  }
  if (UNTRUSTWORTHY.has(key) && effectOf(s) === 'Allow') ctx.report.add('UNTRUSTWORTHY_CONDITION_KEY', here, { key: t.key.key });
  if (key === 's3:prefix' && (effectOf(s) === 'Deny' || op.spec.negated)) ctx.report.add('S3_PREFIX_IN_NEGATIVE_CONTEXT', here);
  if (key === 'dynamodb:attributes' && effectOf(s) === 'Allow') {
    const select = s.condition?.tests.some((o) => o.key.key.toLowerCase() === 'dynamodb:select' && o.values.some((v) => v.text === 'SPECIFIC_ATTRIBUTES'));
    if (select !== true) ctx.report.add('DYNAMODB_ATTRIBUTES_WITHOUT_SELECT', here);
  }
}

function checkPairs(ctx: CheckContext, s: StatementModel): void {
  if (effectOf(s) !== 'Allow') return;
  const tests = s.condition?.tests ?? [];
  const present = new Set(tests.map((t) => t.key.key.toLowerCase()));
  for (const t of tests) {
    const partners = PAIRED[t.key.key.toLowerCase()];
    if (partners === undefined || partners.some((p) => present.has(p.toLowerCase()))) continue;
    ctx.report.add('MISSING_PAIRED_CONDITION_KEYS', [ctx.doc.keyOf(t.operatorPath, t.key)], { key: t.key.key, recommendedKeys: partners.join(', ') });
  }
}
