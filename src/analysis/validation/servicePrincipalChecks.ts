import { effectOf, type Check, type CheckContext } from './checkContext.js';
import type { StatementModel } from './policyModel.js';

/** AWS: "Restrict access to service principal": keys that scope a service's access to a source. */
const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths']);
/** Keys that scope a service principal less well than the source keys. */
const WEAKER_KEYS = new Set(['aws:referer', 'aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce']);
/** Keys a request made by a service principal never carries. */
const PRINCIPAL_KEYS = /^aws:(principalorgid|principalorgpaths|principalaccount|principaltype|principalarn|principaltag\/.+|userid|username)$/i;

/** Resource policies that grant access to AWS service principals. */
export const checkServicePrincipals: Check = (ctx) => {
  if (ctx.kind !== 'resource' && ctx.kind !== 'trust') return;
  for (const s of ctx.policy.statements) {
    const principals = s.principal?.values ?? [];
    const services = principals.filter((p) => p.key === 'Service');
    if (services.length === 0) continue;
    const onlyServices = services.length === principals.length;
    const tests = s.condition?.tests ?? [];
    if (onlyServices) {
      const unsupported = tests.filter((t) => PRINCIPAL_KEYS.test(t.key.key));
      if (unsupported.length > 0) {
        ctx.report.add(
          'UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL',
          unsupported.map((t) => ctx.doc.keyOf(t.operatorPath, t.key)),
          {
            conditionKeys: unsupported.map((t) => t.key.key).join(', '),
          },
        );
      }
    }
    if (ctx.kind !== 'resource' || effectOf(s) !== 'Allow') continue;
    checkSources(ctx, s, services);
  }
};

function checkSources(ctx: CheckContext, s: StatementModel, services: NonNullable<StatementModel['principal']>['values']): void {
  const tests = s.condition?.tests ?? [];
  if (tests.some((t) => SOURCE_KEYS.has(t.key.key.toLowerCase()))) return;
  const weaker = tests.filter((t) => WEAKER_KEYS.has(t.key.key.toLowerCase()));
  if (weaker.length > 0) {
    for (const t of weaker) {
      ctx.report.add('RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL', [ctx.doc.keyOf(t.operatorPath, t.key)], {
        servicePrincipal: services.map((p) => p.value).join(', '),
        key: t.key.key,
      });
    }
    return;
  }
  ctx.report.add(
    'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL',
    services.map((p) => ctx.doc.at(p.path, p.node)),
  );
}
