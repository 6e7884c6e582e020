import { actionsMatching, actionSupportsKey, patternCovers, serviceSupportsKey } from './catalogLookups.js';
import { effectOf, type Check, type CheckContext } from './checkContext.js';
import { keyInfo } from './conditionKeyInfo.js';
import type { ConditionTest, StatementModel } from './policyModel.js';

/** Keys that take effect only with one action in the statement. */
const REQUIRED_ACTION: Readonly<Record<string, string>> = {
  'iam:passedtoservice': 'iam:PassRole',
  'iam:associatedresourcearn': 'iam:PassRole',
  'ec2:createaction': 'ec2:CreateTags',
};
const TAG_KEY = /^aws:(resourcetag|requesttag)\/.+|^aws:tagkeys$/i;
/** AWS: aws:VpceAccount, aws:VpceOrgID and aws:VpceOrgPaths are supported by only some services. */
const VPCE_KEYS = new Set(['aws:vpceaccount', 'aws:vpceorgid', 'aws:vpceorgpaths']);
/** Keys that have no meaning in a resource policy of these types (AWS: "Irrelevant condition key in policy"). */
const IRRELEVANT: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['s3:resourceaccount', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'],
  'AWS::S3::AccessPoint': ['s3:resourceaccount', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'],
  'AWS::S3::MultiRegionAccessPoint': ['s3:resourceaccount', 'aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'],
  'AWS::S3ObjectLambda::AccessPoint': ['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'],
  'AWS::DynamoDB::Table': ['aws:resourceaccount', 'aws:resourceorgid', 'aws:resourceorgpaths'],
};

/** Condition keys against the actions of their statement, from the service authorization reference. */
export const checkConditionActions: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    for (const t of s.condition?.tests ?? []) {
      const key = t.key.key.toLowerCase();
      const required = REQUIRED_ACTION[key];
      if (required !== undefined) checkRequiredAction(ctx, s, t, required);
      else if (TAG_KEY.test(key)) checkTagKey(ctx, s, t);
      else checkSupportedActions(ctx, s, t);
      if (VPCE_KEYS.has(key)) checkVpceScope(ctx, s, t);
      const type = ctx.options.resourceType;
      if (type !== undefined && IRRELEVANT[type]?.includes(key) === true) {
        ctx.report.add('IRRELEVANT_CONDITION_KEY_IN_POLICY', [ctx.doc.keyOf(t.operatorPath, t.key)], { key: t.key.key, resourceType: type });
      }
    }
  }
};

function checkRequiredAction(ctx: CheckContext, s: StatementModel, t: ConditionTest, action: string): void {
  if (s.action === undefined || s.action.values.some((a) => patternCovers(a.value, action))) return;
  ctx.report.add('MISSING_ACTION_FOR_CONDITION_KEY', [ctx.doc.keyOf(t.operatorPath, t.key)], { actionName: action, key: t.key.key });
}

/**
 * AWS: the check lists the actions that do not support a service (or identity provider) key;
 * global keys and actions with wildcards are not evaluated.
 */
function checkSupportedActions(ctx: CheckContext, s: StatementModel, t: ConditionTest): void {
  const info = keyInfo(t.key.key);
  if (s.action === undefined || (info.kind !== 'provider' && !(info.kind === 'known' && !info.global))) return;
  // An identity provider's key is judged only when the reference lists it for some STS action
  // (Cognito, Google, Facebook, Amazon, SAML); a custom OIDC provider's keys are not listed.
  if (info.kind === 'provider' && !serviceSupportsKey('sts', t.key.key)) return;
  const unsupported = s.action.values.filter((a) => {
    if (/[*?]/.test(a.value)) return false;
    const [hit] = actionsMatching(a.value);
    return hit !== undefined && !actionSupportsKey(hit, t.key.key);
  });
  if (unsupported.length === 0) return;
  ctx.report.add('UNSUPPORTED_ACTION_FOR_CONDITION_KEY', [...unsupported.map((a) => ctx.doc.at(a.path, a.node)), ctx.doc.at(t.keyPath, t.key.value)], {
    actions: unsupported.map((a) => a.value).join(', '),
    key: t.key.key,
  });
}

/** Tag keys with services whose actions do not support them (four checks by effect and NotAction). */
function checkTagKey(ctx: CheckContext, s: StatementModel, t: ConditionTest): void {
  const effect = effectOf(s);
  if (effect === undefined) return;
  const here = ctx.doc.keyOf(t.operatorPath, t.key);
  if (s.notAction !== undefined) {
    const code =
      effect === 'Deny' ? 'DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE' : 'ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE';
    ctx.report.add(code, [here], { key: t.key.key });
    return;
  }
  const services = new Map<string, (typeof s.action & object)['values'][number][]>();
  for (const a of s.action?.values ?? []) {
    const colon = a.value.indexOf(':');
    if (colon < 0 || /[*?]/.test(a.value.slice(0, colon))) continue;
    const service = a.value.slice(0, colon).toLowerCase();
    if (actionsMatching(a.value).length === 0) continue;
    services.set(service, [...(services.get(service) ?? []), a]);
  }
  const lacking = [...services.entries()].filter(([service]) => !serviceSupportsKey(service, t.key.key));
  if (lacking.length === 0) return;
  const code = effect === 'Deny' ? 'DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE' : 'ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE';
  const actions = lacking.flatMap(([, list]) => list.map((a) => ctx.doc.at(a.path, a.node)));
  ctx.report.add(code, [...actions, here], { key: t.key.key, serviceNames: lacking.map(([service]) => service).join(', ') });
}

/** A VPC endpoint key in a statement not scoped to named services. */
function checkVpceScope(ctx: CheckContext, s: StatementModel, t: ConditionTest): void {
  const scoped = s.action?.values.every((a) => /^[a-z0-9-]+:/i.test(a.value) && !/[*?]/.test(a.value.slice(0, a.value.indexOf(':'))));
  const guarded = s.condition?.tests.some((o) => ['aws:viaawsservice', 'aws:principalisawsservice'].includes(o.key.key.toLowerCase()));
  if (!scoped && guarded !== true) ctx.report.add('USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES', [ctx.doc.keyOf(t.operatorPath, t.key)], { key: t.key.key });
}
