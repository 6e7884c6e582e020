import { effectOf, type Check, type CheckContext } from './checkContext.js';
import { parseOperatorName } from './conditionOperatorNames.js';
import { isMultivalued, isTagKeyWithoutTag, keyInfo } from './conditionKeyInfo.js';
import type { ConditionTest, StatementModel } from './policyModel.js';

/** Operators and keys of Condition blocks, and the shape of their values. */
export const checkConditionKeys: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    const c = s.condition;
    if (c === undefined || c.member.value.kind !== 'object') continue;
    for (const op of c.member.value.members) {
      const parsed = parseOperatorName(op.key);
      if (parsed === undefined) ctx.report.add('INVALID_CONDITION_OPERATOR', [ctx.doc.keyOf(c.path, op)], { operator: op.key });
      else if (parsed.base === 'Null' && parsed.ifExists) ctx.report.add('NULL_WITH_IF_EXISTS', [ctx.doc.keyOf(c.path, op)]);
      else if (parsed.base === 'Null' && parsed.qualifier !== undefined) ctx.report.add('NULL_WITH_QUALIFIER', [ctx.doc.keyOf(c.path, op)]);
      if (op.value.kind !== 'object') continue;
      const byLower = new Map<string, (typeof op.value.members)[number]>();
      for (const k of op.value.members) {
        const first = byLower.get(k.key.toLowerCase());
        const opPath = [...c.path, { value: op.key }];
        if (first !== undefined) {
          ctx.report.add('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', [ctx.doc.keyOf(opPath, first), ctx.doc.keyOf(opPath, k)], { key: k.key });
        } else byLower.set(k.key.toLowerCase(), k);
      }
    }
    for (const t of c.tests) {
      checkKey(ctx, s, t);
      checkValuesShape(ctx, t);
    }
  }
};

function checkKey(ctx: CheckContext, s: StatementModel, t: ConditionTest): void {
  const { report, doc } = ctx;
  const key = t.key.key;
  const here = [doc.keyOf(t.operatorPath, t.key)];
  if (key.toLowerCase() === 'aws:arn') {
    // AWS: aws:ARN is reported as deprecated in resource-based policies (use aws:PrincipalArn) and
    // as unsupported elsewhere (Gatehouse's reading of the two checks).
    report.add(ctx.kind === 'resource' || ctx.kind === 'trust' ? 'DEPRECATED_GLOBAL_CONDITION_KEY' : 'UNSUPPORTED_GLOBAL_CONDITION_KEY', here);
    return;
  }
  if (isTagKeyWithoutTag(key)) {
    report.add('MISSING_TAG_KEY_IN_CONDITION', here, { key: key.endsWith('/') ? key : `${key}/` });
    return;
  }
  const info = keyInfo(key);
  switch (info.kind) {
    case 'bad-format':
      report.add('INVALID_CONDITION_KEY_FORMAT', here);
      return;
    case 'unknown-global':
      report.add('INVALID_GLOBAL_CONDITION_KEY', here, { key });
      return;
    case 'unknown-service':
      report.add('INVALID_SERVICE', here, { service: info.service });
      return;
    case 'unknown-key':
      report.add('INVALID_SERVICE_CONDITION_KEY', here, { key, service: info.service });
      return;
    case 'provider':
      return;
    case 'known': {
      const op = parseOperatorName(t.operator.key);
      if (op === undefined || op.base === 'Null') return;
      if (isMultivalued(info.type) && op.qualifier === undefined) report.add('MISSING_QUALIFIER', here, { key });
      if (!isMultivalued(info.type) && op.qualifier === 'ForAllValues' && effectOf(s) === 'Allow') {
        report.add('FORALLVALUES_WITH_SINGLE_VALUED_KEY', [doc.keyOf(t.operatorPath.slice(0, -1), t.operator)], { key });
      }
    }
  }
}

function checkValuesShape(ctx: CheckContext, t: ConditionTest): void {
  const op = parseOperatorName(t.operator.key);
  const v = t.key.value;
  const here = [ctx.doc.at(t.keyPath, v)];
  if (v.kind === 'array' && v.items.length === 0) {
    const code =
      op?.qualifier === 'ForAllValues'
        ? 'EMPTY_ARRAY_CONDITION_FORALLVALUES'
        : op?.qualifier === 'ForAnyValue'
          ? 'EMPTY_ARRAY_CONDITION_FORANYVALUE'
          : op?.ifExists === true
            ? 'EMPTY_ARRAY_CONDITION_IFEXISTS'
            : 'EMPTY_ARRAY_CONDITION';
    ctx.report.add(code, here, { key: t.key.key });
    return;
  }
  if (new Set(t.values.map((x) => x.kind)).size > 1) ctx.report.add('INVALID_CONDITION_DATA_TYPE', here);
  if (op?.base === 'Bool' && t.values.length > 1) ctx.report.add('INVALID_CONDITION_MULTIPLE_BOOLEAN', here);
}
