import type { ConditionTest, Policy, PrincipalKind, PrincipalSpec, Statement } from './ast.js';

/**
 * Converts an already grammar-checked JSON value into the normalized {@link Policy} shape.
 * It is lenient: members of the wrong type are dropped rather than reported, because reporting is
 * the grammar checker's job (parse.ts). Never throws.
 */
export function normalizePolicy(doc: unknown): Policy {
  const root = isObject(doc) ? doc : {};
  const version = root['Version'] === '2012-10-17' ? '2012-10-17' : '2008-10-17';
  const rawStatements = root['Statement'];
  const list = Array.isArray(rawStatements) ? rawStatements : rawStatements === undefined ? [] : [rawStatements];
  const statements: Statement[] = [];
  list.forEach((raw, index) => {
    if (isObject(raw)) statements.push(normalizeStatement(raw, index));
  });
  const id = typeof root['Id'] === 'string' ? root['Id'] : undefined;
  return id === undefined ? { version, statements } : { version, id, statements };
}

function normalizeStatement(raw: Record<string, unknown>, index: number): Statement {
  const statement: {
    -readonly [K in keyof Statement]: Statement[K];
  } = {
    index,
    effect: raw['Effect'] === 'Deny' ? 'Deny' : 'Allow',
    conditions: normalizeConditions(raw['Condition']),
  };
  if (typeof raw['Sid'] === 'string') statement.sid = raw['Sid'];
  const principal = normalizePrincipal(raw['Principal']);
  if (principal !== undefined) statement.principal = principal;
  const notPrincipal = normalizePrincipal(raw['NotPrincipal']);
  if (notPrincipal !== undefined) statement.notPrincipal = notPrincipal;
  const action = stringList(raw['Action']);
  if (action !== undefined) statement.action = action;
  const notAction = stringList(raw['NotAction']);
  if (notAction !== undefined) statement.notAction = notAction;
  const resource = stringList(raw['Resource']);
  if (resource !== undefined) statement.resource = resource;
  const notResource = stringList(raw['NotResource']);
  if (notResource !== undefined) statement.notResource = notResource;
  return statement;
}

const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

function normalizePrincipal(raw: unknown): PrincipalSpec | undefined {
  if (raw === '*') return '*';
  if (!isObject(raw)) return undefined;
  const spec: Partial<Record<PrincipalKind, string[]>> = {};
  for (const kind of PRINCIPAL_KINDS) {
    const values = stringList(raw[kind]);
    if (values !== undefined) spec[kind] = [...values];
  }
  return spec;
}

function normalizeConditions(raw: unknown): ConditionTest[] {
  if (!isObject(raw)) return [];
  const tests: ConditionTest[] = [];
  for (const [operator, block] of Object.entries(raw)) {
    if (!isObject(block)) continue;
    for (const [key, value] of Object.entries(block)) {
      const values = (Array.isArray(value) ? value : [value])
        .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        .map((v) => String(v));
      tests.push({ operator, key, values });
    }
  }
  return tests;
}

function stringList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
