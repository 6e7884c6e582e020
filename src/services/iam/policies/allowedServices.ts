import { actionsOf, serviceKeys } from '../../../catalog/index.js';
import type { Policy } from '../../../policy/index.js';
import { compileWildcard, type StringMatcher } from '../../../policy/index.js';

/**
 * The services a set of identity policies grants some access to: a service counts when an Allow
 * statement's Action (or NotAction) covers at least one of its actions in the service authorization
 * reference. Resources and conditions are not considered, as IAM's last-accessed report lists every
 * service the policies allow, whatever the resource.
 *
 * AWS: access_policies_last-accessed — "the services that are allowed by the policies" of the entity.
 */

interface ActionPattern {
  /** Tests lowercased names (`compileWildcard` with case ignored). */
  readonly service: StringMatcher;
  readonly name: StringMatcher;
}

const anything: StringMatcher = () => true;
const nothing: StringMatcher = () => false;

function patterns(list: readonly string[]): ActionPattern[] {
  return list.map((raw) => {
    if (raw === '*') return { service: anything, name: anything };
    const colon = raw.indexOf(':');
    return colon < 0
      ? { service: nothing, name: nothing }
      : { service: compileWildcard(raw.slice(0, colon), true), name: compileWildcard(raw.slice(colon + 1), true) };
  });
}

const covers = (list: readonly ActionPattern[], service: string, action: string): boolean => list.some((p) => p.service(service) && p.name(action));

/** The lowercased service prefixes, sorted, that the policies' Allow statements reach. */
export function allowedServices(policies: readonly Policy[]): string[] {
  const allows = policies.flatMap((p) => p.statements.filter((s) => s.effect === 'Allow'));
  const actionLists = allows.filter((s) => s.action !== undefined).map((s) => patterns(s.action!));
  const notActionLists = allows.filter((s) => s.notAction !== undefined).map((s) => patterns(s.notAction!));
  const out: string[] = [];
  for (const service of serviceKeys()) {
    const mayMatch = notActionLists.length > 0 || actionLists.some((list) => list.some((p) => p.service(service)));
    if (!mayMatch) continue;
    const actions = actionsOf(service).map((a) => a.name.toLowerCase());
    const reached = actions.some(
      (action) => actionLists.some((list) => covers(list, service, action)) || notActionLists.some((list) => !covers(list, service, action)),
    );
    if (reached) out.push(service);
  }
  return out;
}
