import type { Check, CheckContext } from './checkContext.js';
import { parseOperatorName, type OperatorName } from './conditionOperatorNames.js';
import { keyInfo, operatorTypeOf } from './conditionKeyInfo.js';
import { isPrivateRange, normalizedCidr, parseCidr } from './ipRanges.js';
import { REGIONS, isPattern } from './awsRegions.js';
import type { ConditionTest } from './policyModel.js';

/** W3C date and time formats (AWS: "Invalid date value" recommends them): YYYY, YYYY-MM, YYYY-MM-DD, with a time. */
const ISO_DATE = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const EPOCH = /^\d{5,13}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KMS_KEY_ARN = /^arn:(aws[a-z-]*|\*):kms:[^:]*:[^:]*:key\/.+$/;

/** Operator type against the key's type, and each value against its operator. */
export const checkConditionValues: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    for (const t of s.condition?.tests ?? []) {
      const op = parseOperatorName(t.operator.key);
      if (op === undefined) continue;
      checkOperatorType(ctx, t, op);
      checkValues(ctx, t, op);
      checkKeySpecific(ctx, t, op);
    }
  }
};

function checkOperatorType(ctx: CheckContext, t: ConditionTest, op: OperatorName): void {
  const info = keyInfo(t.key.key);
  if (info.kind !== 'known' || op.base === 'Null') return;
  const expected = operatorTypeOf(info.type);
  if (expected === undefined) return;
  const actual = op.spec.type;
  // AWS: String operators work on ARN keys (STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS warns about
  // Like), and ARN operators on String keys that hold ARNs (KMS encryption context, for example).
  const fits = actual === expected || (expected === 'Arn' && actual === 'String') || (expected === 'String' && actual === 'Arn');
  if (!fits) ctx.report.add('TYPE_MISMATCH', [ctx.doc.keyOf(t.operatorPath, t.key)], { allowed: expected, operator: t.operator.key, key: t.key.key });
}

function checkValues(ctx: CheckContext, t: ConditionTest, op: OperatorName): void {
  const { report, doc } = ctx;
  const operator = t.operator.key;
  const ips: { value: (typeof t.values)[number]; private: boolean }[] = [];
  for (const v of t.values) {
    const here = [doc.at(v.path, v.node)];
    const text = v.text;
    switch (op.base === 'Null' ? 'Null' : op.spec.type) {
      case 'Null':
      case 'Bool':
        if (!/^(true|false)$/i.test(text)) report.add('TYPE_MISMATCH_BOOLEAN', here, { operator });
        break;
      case 'Numeric':
        if (!/^-?\d+(\.\d+)?$/.test(text) && !isPattern(text)) report.add('TYPE_MISMATCH_NUMBER', here, { operator });
        break;
      case 'Date':
        if (isPattern(text)) break;
        // AWS: aws:EpochTime is compared in epoch seconds, so an epoch value is what it expects.
        if (EPOCH.test(text)) {
          if (t.key.key.toLowerCase() !== 'aws:epochtime') report.add('INVALID_DATE_VALUE', here, { date: text });
        } else if (!ISO_DATE.test(text) || Number.isNaN(Date.parse(text.length === 4 ? `${text}-01-01` : text))) report.add('TYPE_MISMATCH_DATE', here);
        break;
      case 'Binary':
        if (!BASE64.test(text)) report.add('TYPE_MISMATCH_STRING', here, { operator });
        break;
      case 'IpAddress': {
        const cidr = parseCidr(text);
        if (cidr === undefined) {
          report.add('TYPE_MISMATCH_IP_RANGE', here, { operator });
          break;
        }
        const better = normalizedCidr(cidr);
        if (better !== undefined) report.add('IMPROVE_IP_RANGE', here, { address: better });
        ips.push({ value: v, private: isPrivateRange(cidr) });
        break;
      }
      case 'String':
        if (!op.spec.wildcards && /[*?]/.test(text.replace(/\$\{[^}]*\}/g, ''))) report.add('WILDCARD_WITHOUT_LIKE_OPERATOR', here);
        break;
      default:
        break;
    }
  }
  // AWS: aws:SourceIp holds only public addresses; private ranges never match it.
  if (t.key.key.toLowerCase() === 'aws:sourceip' && ips.some((i) => i.private)) {
    const negated = op.base === 'NotIpAddress';
    const all = ips.every((i) => i.private);
    const code = all ? (negated ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS') : negated ? 'PRIVATE_NOT_IP_ADDRESS_SUBSET' : 'PRIVATE_IP_ADDRESS_SUBSET';
    report.add(
      code,
      ips.filter((i) => i.private).map((i) => doc.at(i.value.path, i.value.node)),
    );
  }
  if (op.spec.type === 'Numeric' && op.spec.comparison !== 'eq' && t.values.length > 1) {
    const bound = op.spec.comparison === 'lt' || op.spec.comparison === 'lte' ? 'greatest' : 'least';
    report.add('REDUNDANT_CONDITION_VALUE_NUM', [doc.at(t.keyPath, t.key.value)], { operator, bound, key: t.key.key });
  }
}

/** Values whose form a key fixes: Regions, VPC and VPC endpoint IDs, KMS key ARNs, service principals. */
function checkKeySpecific(ctx: CheckContext, t: ConditionTest, op: OperatorName): void {
  if (op.base === 'Null') return;
  const key = t.key.key.toLowerCase();
  for (const v of t.values) {
    if (v.kind !== 'string' || isPattern(v.text)) continue;
    const here = [ctx.doc.at(v.path, v.node)];
    if ((key === 'aws:requestedregion' || key.endsWith(':region')) && !REGIONS.has(v.text)) ctx.report.add('INVALID_REGION', here, { region: v.text });
    else if (key === 'aws:sourcevpc' && !/^vpc-([a-z0-9]{8}|[a-z0-9]{17})$/.test(v.text)) ctx.report.add('INVALID_VPC_FORMAT', here);
    else if (key === 'aws:sourcevpce' && !/^vpce-([a-z0-9]{8}|[a-z0-9]{17})$/.test(v.text)) ctx.report.add('INVALID_VPCE_FORMAT', here);
    else if (/(kms-?key-?(id|arn)|kmskey)$/.test(key) && !KMS_KEY_ARN.test(v.text)) ctx.report.add('INVALID_KMS_KEY_VALUE', here, { value: v.text });
    else if (['aws:principalservicename', 'iam:passedtoservice', 'iam:awsservicename'].includes(key) && !/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(v.text)) {
      ctx.report.add('INVALID_SERVICE_PRINCIPAL_FORMAT', here, { expectedFormat: 'service-name.amazonaws.com' });
    } else if (key === 'kms:viaservice' && !/^[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(v.text)) {
      ctx.report.add('INVALID_SERVICE_PRINCIPAL_FORMAT', here, { expectedFormat: 'service-name.region.amazonaws.com' });
    }
  }
}
