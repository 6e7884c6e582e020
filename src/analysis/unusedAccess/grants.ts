import { actionsOf, serviceKeys } from '../../catalog/index.js';
import { compileActions } from '../../policy/actions.js';
import type { Statement } from '../../policy/index.js';
import { CheckInputError, readPolicy } from '../customChecks/index.js';

/**
 * The actions identity policies allow, as the service authorization reference names them: for
 * each service prefix, its actions that some Allow statement's Action (or NotAction) matches,
 * minus those a Deny statement without conditions refuses on every resource. Resources and
 * conditions of Allow statements are not read: unused access asks whether a granted action was
 * used at all. AWS: IAM User Guide, "IAM Access Analyzer unused access findings" (unused
 * permissions are the services and actions granted by identity policies and not used).
 */

/** Granted actions, by lowercase service prefix: the reference's `service:Action` names. */
export type Grants = ReadonlyMap<string, ReadonlySet<string>>;

const byDocument = new Map<string, Map<string, Set<string>>>();
const CACHE_LIMIT = 5_000;

/** Every action of the reference, by service (read once). */
let everyAction: { service: string; name: string; lower: string }[] | undefined;

function catalogActions(): { service: string; name: string; lower: string }[] {
  everyAction ??= serviceKeys().flatMap((service) => actionsOf(service).map((a) => ({ service, name: `${service}:${a.name}`, lower: a.name.toLowerCase() })));
  return everyAction;
}

function candidates(matcher: ReturnType<typeof compileActions>): { service: string; name: string; lower: string }[] {
  if (matcher.services === undefined) return catalogActions();
  return matcher.services.flatMap((service) => actionsOf(service).map((a) => ({ service, name: `${service}:${a.name}`, lower: a.name.toLowerCase() })));
}

function statementActions(s: Statement): { service: string; name: string }[] {
  if (s.action !== undefined) {
    const matcher = compileActions(s.action);
    return candidates(matcher).filter((a) => matcher.matches(a.service, a.lower));
  }
  const excluded = compileActions(s.notAction ?? []);
  return catalogActions().filter((a) => !excluded.matches(a.service, a.lower));
}

/** Whether a Deny statement refuses its actions everywhere, whatever the request. */
function unconditionalDeny(s: Statement): boolean {
  return s.effect === 'Deny' && s.conditions.length === 0 && s.notResource === undefined && (s.resource ?? ['*']).includes('*');
}

/** The actions one identity policy document allows (cached by its text); an unreadable document allows nothing. */
export function grantsOf(document: string): Grants {
  const hit = byDocument.get(document);
  if (hit !== undefined) return hit;
  const grants = new Map<string, Set<string>>();
  let statements: readonly Statement[] = [];
  try {
    statements = readPolicy(document, 'policy', 'identity').policy.statements;
  } catch (err) {
    if (!(err instanceof CheckInputError)) throw err;
  }
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    for (const a of statementActions(s)) {
      let set = grants.get(a.service);
      if (set === undefined) grants.set(a.service, (set = new Set()));
      set.add(a.name);
    }
  }
  for (const s of statements) {
    if (!unconditionalDeny(s)) continue;
    for (const a of statementActions(s)) grants.get(a.service)?.delete(a.name);
  }
  for (const [service, set] of grants) if (set.size === 0) grants.delete(service);
  if (byDocument.size >= CACHE_LIMIT) byDocument.clear();
  byDocument.set(document, grants);
  return grants;
}

/** The union of several documents' grants. */
export function unionOf(documents: readonly string[]): Grants {
  const out = new Map<string, Set<string>>();
  for (const doc of documents) {
    for (const [service, actions] of grantsOf(doc)) {
      let set = out.get(service);
      if (set === undefined) out.set(service, (set = new Set()));
      for (const a of actions) set.add(a);
    }
  }
  return out;
}
