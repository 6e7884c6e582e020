import { effectOf, hasPrincipals, type Check, type CheckContext } from './checkContext.js';
import type { PrincipalElement, StatementModel } from './policyModel.js';

const PRINCIPAL_KEYS = new Set(['AWS', 'CanonicalUser', 'Federated', 'Service']);
/** AWS: IAM User Guide, "Unique identifiers": AROA… are role IDs, AIDA… user IDs. */
const ROLE_ID = /^AROA[A-Z0-9]{12,}$/;
const USER_ID = /^AIDA[A-Z0-9]{12,}$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com|api\.aws)$/;
export const SAML_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}|\*):saml-provider\/[\w+=,.@-]+$/;
export const OIDC_PROVIDER = /^arn:aws[a-z-]*:iam::(\d{12}|\*):oidc-provider\/\S+$/;
const DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(\/\S*)?$/;

/** The Principal and NotPrincipal elements of resource-based and trust policies. */
export const checkPrincipals: Check = (ctx) => {
  if (!hasPrincipals(ctx.kind)) return;
  for (const s of ctx.policy.statements) {
    for (const el of [s.principal, s.notPrincipal]) if (el !== undefined) checkElement(ctx, el);
    if (s.notPrincipal !== undefined && effectOf(s) === 'Allow') {
      ctx.report.add('ALLOW_WITH_NOT_PRINCIPAL', [ctx.doc.keyOf(s.path, s.notPrincipal.member)]);
    }
    checkRedundantSessions(ctx, s);
  }
};

function checkElement(ctx: CheckContext, el: PrincipalElement): void {
  const { doc, report } = ctx;
  const v = el.member.value;
  if (v.kind === 'array') {
    report.add(v.items.length === 0 ? 'EMPTY_ARRAY_PRINCIPAL' : 'INVALID_PRINCIPAL_FORMAT', [doc.at(el.path, v)]);
    return;
  }
  if (v.kind === 'string') {
    if (v.value !== '*') report.add('INVALID_PRINCIPAL_FORMAT', [doc.at(el.path, v)]);
    return;
  }
  if (v.kind !== 'object') {
    report.add('INVALID_PRINCIPAL_FORMAT', [doc.at(el.path, v)]);
    return;
  }
  if (v.members.length === 0) report.add('EMPTY_OBJECT_PRINCIPAL', [doc.at(el.path, v)]);
  for (const m of v.members) {
    if (!PRINCIPAL_KEYS.has(m.key)) report.add('INVALID_PRINCIPAL_KEY', [doc.keyOf(el.path, m)], { principalKey: m.key });
    else if (m.value.kind === 'array' && m.value.items.length === 0) {
      report.add('EMPTY_ARRAY_PRINCIPAL', [doc.at([...el.path, { value: m.key }], m.value)]);
    }
  }
  for (const p of el.values) {
    if (p.key === '*' || !PRINCIPAL_KEYS.has(p.key)) continue;
    const here = [doc.at(p.path, p.node)];
    if (p.value !== '*' && /[*?]/.test(p.value)) {
      report.add('UNSUPPORTED_WILDCARD_IN_PRINCIPAL', here, { principalKey: p.key });
      continue;
    }
    if (p.key === 'AWS') {
      if (ROLE_ID.test(p.value)) report.add('INVALID_ROLE_REFERENCE', here, { roleId: p.value });
      else if (USER_ID.test(p.value)) report.add('INVALID_USER_REFERENCE', here, { userId: p.value });
    } else if (p.key === 'Service' && p.value !== '*' && !SERVICE_PRINCIPAL.test(p.value)) {
      report.add('INVALID_SERVICE_PRINCIPAL_FORMAT', here, { expectedFormat: 'service-name.amazonaws.com' });
    } else if (p.key === 'Federated' && ctx.kind === 'trust') {
      if (!SAML_PROVIDER.test(p.value) && !OIDC_PROVIDER.test(p.value) && !DOMAIN.test(p.value)) {
        report.add('INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', here);
      }
    }
  }
}

/**
 * AWS: a role's assumed-role sessions are covered by the role itself in a trust policy (the
 * reference writes the session `arn:aws:iam::…:assumed-role/…`; STS writes `arn:aws:sts::…`).
 */
function checkRedundantSessions(ctx: CheckContext, s: StatementModel): void {
  if (ctx.kind !== 'trust' && ctx.kind !== 'resource') return;
  const aws = s.principal?.values.filter((p) => p.key === 'AWS') ?? [];
  const roles = new Map(
    aws.flatMap((p) => {
      const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(p.value);
      return m === null ? [] : [[`${m[1]}:${m[2]}:${m[3]}`, p] as const];
    }),
  );
  for (const p of aws) {
    const m = /^arn:(aws[a-z-]*):(?:sts|iam)::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(p.value);
    const parent = m === null ? undefined : roles.get(`${m[1]}:${m[2]}:${m[3]}`);
    if (parent !== undefined) {
      ctx.report.add('REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', [ctx.doc.at(p.path, p.node), ctx.doc.at(parent.path, parent.node)], {
        redundantPrincipal: p.value,
        parentRole: parent.value,
      });
    }
  }
}
