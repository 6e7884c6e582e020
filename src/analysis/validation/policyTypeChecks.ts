import { rcpSupportedServices } from '../../catalog/index.js';
import { effectOf, type Check, type CheckContext } from './checkContext.js';
import type { StatementModel } from './policyModel.js';

/** The grammar rules of SCPs, RCPs and role trust policies. */
export const checkPolicyTypeGrammar: Check = (ctx) => {
  for (const s of ctx.policy.statements) {
    if (ctx.kind === 'scp') checkScp(ctx, s);
    else if (ctx.kind === 'rcp') checkRcp(ctx, s);
    else if (ctx.kind === 'trust') checkTrust(ctx, s);
    if (ctx.kind === 'resource' && ctx.options.resourceType !== undefined) {
      // AWS: only role trust policies may name a federated identity provider.
      for (const p of s.principal?.values ?? []) {
        if (p.key === 'Federated') ctx.report.add('FEDERATED_PRINCIPAL_NOT_SUPPORTED', [ctx.doc.at(p.path, p.node)]);
      }
    }
  }
};

function checkScp(ctx: CheckContext, s: StatementModel): void {
  for (const name of ['Principal', 'NotPrincipal']) {
    const m = s.members.get(name);
    if (m !== undefined) ctx.report.add('SCP_SYNTAX_ERROR_PRINCIPAL', [ctx.doc.keyOf(s.path, m)]);
  }
  // AWS: Organizations "SCP syntax": a wildcard may appear only at the end of an action.
  for (const a of [...(s.action?.values ?? []), ...(s.notAction?.values ?? [])]) {
    const star = a.value.indexOf('*');
    if (a.value.includes('?') || (star >= 0 && star < a.value.length - 1)) {
      ctx.report.add('SCP_SYNTAX_ERROR_ACTION_WILDCARD', [ctx.doc.at(a.path, a.node)], { action: a.value });
    }
  }
}

/** AWS: Organizations User Guide, "RCP syntax". */
function checkRcp(ctx: CheckContext, s: StatementModel): void {
  const { doc, report } = ctx;
  const notPrincipal = s.members.get('NotPrincipal');
  if (notPrincipal !== undefined) report.add('RCP_SYNTAX_ERROR_PRINCIPAL', [doc.keyOf(s.path, notPrincipal)]);
  const principal = s.members.get('Principal');
  if (principal !== undefined && !(principal.value.kind === 'string' && principal.value.value === '*')) {
    report.add('RCP_SYNTAX_ERROR_PRINCIPAL', [doc.at([...s.path, { value: 'Principal' }], principal.value)]);
  }
  const notAction = s.members.get('NotAction');
  if (notAction !== undefined) report.add('RCP_SYNTAX_ERROR_NOTACTION', [doc.keyOf(s.path, notAction)]);
  if (effectOf(s) === 'Allow') {
    const only = (list: StatementModel['action']): boolean => list !== undefined && list.values.length === 1 && list.values[0]!.value === '*';
    if (!only(s.action) || !only(s.resource) || s.members.has('Condition')) report.add('RCP_SYNTAX_ERROR_ALLOW', [doc.at(s.path, s.node)]);
    return;
  }
  const rcpServices = rcpSupportedServices();
  for (const a of s.action?.values ?? []) {
    const colon = a.value.indexOf(':');
    const service = colon < 0 ? a.value : a.value.slice(0, colon);
    if (a.value === '*' || !rcpServices.has(service.toLowerCase())) {
      report.add('RCP_SYNTAX_ERROR_ACTION', [doc.at(a.path, a.node)], { action: a.value });
    }
  }
}

function checkTrust(ctx: CheckContext, s: StatementModel): void {
  const { doc, report } = ctx;
  const notPrincipal = s.members.get('NotPrincipal');
  if (notPrincipal !== undefined) report.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', [doc.keyOf(s.path, notPrincipal)]);
  for (const name of ['Resource', 'NotResource']) {
    const m = s.members.get(name);
    if (m !== undefined) report.add('ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', [doc.keyOf(s.path, m)]);
  }
  for (const p of s.principal?.values ?? []) {
    if ((p.key === '*' || p.key === 'AWS') && p.value === '*') {
      report.add('ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', [doc.at(p.path, p.node)]);
    }
  }
}
