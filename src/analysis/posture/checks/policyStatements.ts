import { parsePolicy } from '../../../policy/index.js';
import type { Statement } from '../../../policy/index.js';

/** Structural reading of policy documents, for the checks that look at what a policy says (not who it applies to). */

/** A policy as the account model holds it: its document, parsed once per analysis (the model is per analysis). */
export interface HasDocument {
  readonly document: string;
}

const parsed = new WeakMap<HasDocument, readonly Statement[]>();

/** The statements of an identity policy document (none when it does not parse). */
export function statementsOf(policy: HasDocument): readonly Statement[] {
  let statements = parsed.get(policy);
  if (statements === undefined) {
    const result = parsePolicy(policy.document, 'identity', { maxLength: Number.MAX_SAFE_INTEGER, anyVersion: true });
    statements = result.ok ? result.policy.statements : [];
    parsed.set(policy, statements);
  }
  return statements;
}

const lower = (values: readonly string[] | undefined) => (values ?? []).map((v) => v.toLowerCase());

/** An Allow statement of every action (`*` or `*:*`) on every resource: "full administrative privileges". */
export function isAdministrativeStatement(s: Statement): boolean {
  if (s.effect !== 'Allow' || s.action === undefined) return false;
  const actions = lower(s.action);
  return (actions.includes('*') || actions.includes('*:*')) && (s.resource ?? []).includes('*');
}

/** Whether the document has a statement granting full administrative privileges. */
export function grantsAdministrator(policy: HasDocument): boolean {
  return statementsOf(policy).some(isAdministrativeStatement);
}

/** Whether the document allows `service:*` on every resource (Prowler's "full access" reading). */
export function grantsFullAccess(policy: HasDocument, service: string): boolean {
  const wanted = `${service}:*`;
  return statementsOf(policy).some((s) => s.effect === 'Allow' && lower(s.action).includes(wanted) && (s.resource ?? []).includes('*'));
}

/** Whether the document allows sts:AssumeRole (by `sts:AssumeRole` or `sts:*`) on every resource. */
export function allowsAssumingAnyRole(policy: HasDocument): boolean {
  return statementsOf(policy).some(
    (s) => s.effect === 'Allow' && lower(s.action).some((a) => a === 'sts:assumerole' || a === 'sts:*') && (s.resource ?? []).includes('*'),
  );
}
