import { ServiceError } from '../../errors.js';
import { defineOperation, type Operation, type OperationContext } from '../operation.js';
import { managementScope, peekScope } from './organizationScope.js';
import { paginate } from './paging.js';
import { orgNeed, servicePrincipalContext } from './organizationNeeds.js';
import { orgErrors } from './organizationErrors.js';
import { delegations, readScope, saveDelegations } from './delegations.js';
import { accountOutput, memberAccount } from './entities.js';
import { checkServicePrincipal } from './serviceAccess.js';
import { hasServiceAccess } from '../shared/index.js';
import { entityResource } from './units.js';

const notRegistered = () =>
  new ServiceError('AccountNotRegisteredException', 'The provided account is not a registered delegated administrator for your organization.');

/** The need of an action on a member account; with `organizations:ServicePrincipal` when the call names a service. */
function accountNeed(action: string) {
  return async (input: { AccountId?: string; ServicePrincipal?: string }, ctx: OperationContext) => [
    orgNeed(action, entityResource(await peekScope(ctx), input.AccountId ?? ''), ctx, servicePrincipalContext(input.ServicePrincipal)),
  ];
}

/**
 * AWS: API_RegisterDelegatedAdministrator — a service that works with Organizations
 * (UNRECOGNIZED_SERVICE_PRINCIPAL otherwise) and has trusted access (SERVICE_ACCESS_NOT_ENABLED
 * otherwise), a member account (never the management account:
 * CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR), once per service (AccountAlreadyRegisteredException).
 */
export const RegisterDelegatedAdministrator = defineOperation<{ AccountId: string; ServicePrincipal: string }>({
  service: 'organizations',
  name: 'RegisterDelegatedAdministrator',
  readOnly: false,
  authorize: accountNeed('RegisterDelegatedAdministrator'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    checkServicePrincipal(input.ServicePrincipal);
    const account = await memberAccount(ctx, org, input.AccountId);
    if (account === undefined) throw orgErrors.accountNotFound();
    if (account.id === org.managementAccountId) {
      throw orgErrors.constraint(
        'CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR',
        'You attempted to register the management account as a delegated administrator.',
      );
    }
    if (account.status !== 'ACTIVE') {
      throw orgErrors.constraint(
        'CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR',
        'You attempted to register a suspended account as a delegated administrator.',
      );
    }
    if (!(await hasServiceAccess(ctx, org, input.ServicePrincipal))) {
      throw orgErrors.constraint(
        'SERVICE_ACCESS_NOT_ENABLED',
        'You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.',
      );
    }
    const list = await delegations(ctx, org.id);
    if (list.some((d) => d.accountId === account.id && d.servicePrincipal === input.ServicePrincipal)) {
      throw new ServiceError('AccountAlreadyRegisteredException', 'The provided account is already a delegated administrator for your organization.');
    }
    await saveDelegations(ctx, org.id, [...list, { accountId: account.id, servicePrincipal: input.ServicePrincipal, enabledAt: ctx.now.toISOString() }]);
    return {};
  },
});

export const DeregisterDelegatedAdministrator = defineOperation<{ AccountId: string; ServicePrincipal: string }>({
  service: 'organizations',
  name: 'DeregisterDelegatedAdministrator',
  readOnly: false,
  authorize: accountNeed('DeregisterDelegatedAdministrator'),
  handle: async (input, ctx) => {
    const { org } = await managementScope(ctx);
    if ((await memberAccount(ctx, org, input.AccountId)) === undefined) throw orgErrors.accountNotFound();
    const list = await delegations(ctx, org.id);
    const rest = list.filter((d) => !(d.accountId === input.AccountId && d.servicePrincipal === input.ServicePrincipal));
    if (rest.length === list.length) throw notRegistered();
    await saveDelegations(ctx, org.id, rest);
    return {};
  },
});

export const ListDelegatedAdministrators = defineOperation<{ ServicePrincipal?: string; NextToken?: string; MaxResults?: number }>({
  service: 'organizations',
  name: 'ListDelegatedAdministrators',
  readOnly: true,
  authorize: (input, ctx) => [orgNeed('ListDelegatedAdministrators', '*', ctx, servicePrincipalContext(input.ServicePrincipal))],
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    // AWS: a service principal outside the services that work with Organizations is refused here too.
    if (input.ServicePrincipal !== undefined) checkServicePrincipal(input.ServicePrincipal);
    const first = new Map<string, string>();
    for (const d of await delegations(ctx, org.id)) {
      if (input.ServicePrincipal !== undefined && d.servicePrincipal !== input.ServicePrincipal) continue;
      const seen = first.get(d.accountId);
      if (seen === undefined || d.enabledAt < seen) first.set(d.accountId, d.enabledAt);
    }
    const out = [];
    for (const [accountId, enabledAt] of [...first].sort(([a], [b]) => a.localeCompare(b))) {
      const account = await memberAccount(ctx, org, accountId);
      if (account !== undefined) out.push({ ...(await accountOutput(ctx, org, account)), DelegationEnabledDate: new Date(enabledAt) });
    }
    const page = paginate(out, input);
    return { DelegatedAdministrators: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const ListDelegatedServicesForAccount = defineOperation<{ AccountId: string; NextToken?: string; MaxResults?: number }>({
  service: 'organizations',
  name: 'ListDelegatedServicesForAccount',
  readOnly: true,
  authorize: accountNeed('ListDelegatedServicesForAccount'),
  handle: async (input, ctx) => {
    const { org } = await readScope(ctx);
    if ((await memberAccount(ctx, org, input.AccountId)) === undefined) throw orgErrors.accountNotFound();
    const services = (await delegations(ctx, org.id)).filter((d) => d.accountId === input.AccountId);
    if (services.length === 0) throw notRegistered();
    const page = paginate(
      services.map((d) => ({ ServicePrincipal: d.servicePrincipal, DelegationEnabledDate: new Date(d.enabledAt) })),
      input,
    );
    return { DelegatedServices: page.items, ...(page.NextToken !== undefined ? { NextToken: page.NextToken } : {}) };
  },
});

export const delegatedAdministratorOperations: Operation[] = [
  RegisterDelegatedAdministrator,
  DeregisterDelegatedAdministrator,
  ListDelegatedAdministrators,
  ListDelegatedServicesForAccount,
];
