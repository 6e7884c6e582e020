/**
 * Organizations' management policies (tag, backup, AI services opt-out, chat applications, EC2
 * declarative, Security Hub, Inspector, upgrade rollout, Bedrock, S3 and network security director
 * policies): their documents, checked on create and update, and the effective policy
 * of an account, merged from the root down with the inheritance operators.
 *
 * AWS: Organizations User Guide, "Policy syntax and inheritance for management policy types"
 * (orgs_manage_policies_inheritance_mgmt: value-setting operators `@@assign`, `@@append`,
 * `@@remove`; child control operator `@@operators_allowed_for_child_policies`; examples 1–6),
 * "Tag policy syntax" and the syntax pages of each type. Authorization policies (SCPs, RCPs) are
 * IAM policy documents and are not handled here.
 */

/** What Gatehouse knows of one management policy type. */
export interface ManagementPolicyType {
  /** The single top-level member of its documents (`tags` for tag policies). */
  readonly document: string;
  /** AWS: orgs_reference_limits — "Maximum size of a policy document", in characters, white space included. */
  readonly maxCharacters: number;
  /** AWS: orgs_manage_policies — "Maximum number you can attach to a root, OU, or account". */
  readonly attachmentsPerTarget: number;
  /** Whether the names under the top-level member match in any case (tag policies' policy keys). */
  readonly caseInsensitiveKeys: boolean;
}

/**
 * The management policy types Gatehouse stores and merges. Sizes and attachment counts of tag,
 * backup and AI services opt-out policies are the Organizations quota table's; chat applications
 * (CHATBOT_POLICY) and EC2 declarative policies follow the same table's later editions.
 */
export const MANAGEMENT_POLICY_TYPES: Readonly<Record<string, ManagementPolicyType>> = {
  TAG_POLICY: { document: 'tags', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: true },
  BACKUP_POLICY: { document: 'plans', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  AISERVICES_OPT_OUT_POLICY: { document: 'services', maxCharacters: 2_500, attachmentsPerTarget: 5, caseInsensitiveKeys: false },
  CHATBOT_POLICY: { document: 'chatbot', maxCharacters: 10_000, attachmentsPerTarget: 5, caseInsensitiveKeys: false },
  DECLARATIVE_POLICY_EC2: { document: 'ec2_attributes', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  // The newest types: top-level members from each type's syntax page (orgs_manage_policies_<type>_syntax);
  // upgrade rollout policies' 5,120 from theirs. The others' size and attachment quotas are not in
  // the quota table editions at hand: they follow the other management policies (10,000, 10).
  SECURITYHUB_POLICY: { document: 'securityhub', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  INSPECTOR_POLICY: { document: 'inspector', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  UPGRADE_ROLLOUT_POLICY: { document: 'upgrade_rollout', maxCharacters: 5_120, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  BEDROCK_POLICY: { document: 'bedrock', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  S3_POLICY: { document: 's3_attributes', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
  NETWORK_SECURITY_DIRECTOR_POLICY: { document: 'network_security_director', maxCharacters: 10_000, attachmentsPerTarget: 10, caseInsensitiveKeys: false },
};

export function managementPolicyType(type: string): ManagementPolicyType | undefined {
  return Object.hasOwn(MANAGEMENT_POLICY_TYPES, type) ? MANAGEMENT_POLICY_TYPES[type] : undefined;
}

type Scalar = string | number | boolean | null;
type Value = Scalar | Value[] | { [key: string]: Value };
type Node = { [key: string]: Value };

const ASSIGN = '@@assign',
  APPEND = '@@append',
  REMOVE = '@@remove',
  CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const VALUE_OPERATORS = [ASSIGN, APPEND, REMOVE] as const;
type ValueOperator = (typeof VALUE_OPERATORS)[number];
const ALL = '@@all',
  NONE = '@@none';

/** A checked management policy document, or the first reason it is not one. */
export type ManagementPolicyCheck = { readonly ok: true; readonly document: Node } | { readonly ok: false; readonly message: string };

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Checks a document of a management policy type: JSON with the type's one top-level member;
 * every setting an object whose value is set by exactly one value-setting operator (`@@assign`
 * with a value or a list, `@@append` and `@@remove` with a list) or that holds further settings;
 * `@@operators_allowed_for_child_policies` a list of `@@all`, `@@none` (each alone) or
 * value-setting operators. Tag policies: a tag key's `tag_key` assigns the policy key in some
 * capitalization, and `tag_value` and `enforced_for` are lists of strings.
 */
export function checkManagementPolicy(content: string, typeName: string): ManagementPolicyCheck {
  const type = managementPolicyType(typeName);
  if (type === undefined) return { ok: false, message: `\`${typeName}\` is not a management policy type` };
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    return { ok: false, message: 'the policy is not valid JSON' };
  }
  if (!isNode(document)) return { ok: false, message: 'the policy must be a JSON object' };
  const members = Object.keys(document);
  if (members.length !== 1 || members[0] !== type.document) {
    return { ok: false, message: `a ${typeName} document has exactly one top-level member, \`${type.document}\`` };
  }
  const problem = checkNode(document[type.document], [type.document]) ?? (typeName === 'TAG_POLICY' ? checkTagPolicy(document['tags'] as Node) : undefined);
  return problem === undefined ? { ok: true, document } : { ok: false, message: problem };
}

function checkNode(node: Value | undefined, path: readonly string[]): string | undefined {
  const at = `\`${path.join('.')}\``;
  if (!isNode(node)) return `${at} must be an object of settings or inheritance operators`;
  const keys = Object.keys(node);
  const operators = keys.filter((k) => k.startsWith('@@'));
  const settings = keys.filter((k) => !k.startsWith('@@'));
  for (const op of operators) {
    if (op !== CHILD_CONTROL && !(VALUE_OPERATORS as readonly string[]).includes(op)) return `${at} uses the unknown operator \`${op}\``;
  }
  const valueOps = operators.filter((k) => k !== CHILD_CONTROL);
  if (valueOps.length > 1) return `${at} uses more than one value-setting operator`;
  if (valueOps.length === 1 && settings.length > 0) return `${at} both sets a value and holds settings`;
  if (valueOps.length === 0 && settings.length === 0 && !operators.includes(CHILD_CONTROL)) return `${at} is empty`;
  const op = valueOps[0];
  if (op !== undefined) {
    const value = node[op];
    if (op === ASSIGN ? !(isScalar(value) || isScalarList(value)) : !isScalarList(value)) {
      return op === ASSIGN ? `${at}: \`@@assign\` takes a value or a list of values` : `${at}: \`${op}\` takes a list of values`;
    }
  }
  if (operators.includes(CHILD_CONTROL)) {
    const allowed = node[CHILD_CONTROL];
    if (
      !Array.isArray(allowed) ||
      allowed.length === 0 ||
      !allowed.every((a) => a === ALL || a === NONE || (VALUE_OPERATORS as readonly unknown[]).includes(a))
    ) {
      return `${at}: \`${CHILD_CONTROL}\` takes a list of \`@@all\`, \`@@none\`, \`@@assign\`, \`@@append\` or \`@@remove\``;
    }
    if (allowed.length > 1 && (allowed.includes(ALL) || allowed.includes(NONE))) return `${at}: \`@@all\` and \`@@none\` stand alone in \`${CHILD_CONTROL}\``;
  }
  for (const key of settings) {
    const problem = checkNode(node[key], [...path, key]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const isScalarList = (v: unknown): v is Scalar[] => Array.isArray(v) && v.every(isScalar);

/** AWS: "Tag policy syntax" — the policy key names the tag key in any case; tag values and `enforced_for` are lists. */
function checkTagPolicy(tags: Node): string | undefined {
  for (const [policyKey, entry] of Object.entries(tags)) {
    if (policyKey.startsWith('@@')) continue;
    const fields = entry as Node;
    for (const field of Object.keys(fields)) {
      if (!field.startsWith('@@') && !['tag_key', 'tag_value', 'enforced_for', 'report_required'].includes(field)) {
        return `\`tags.${policyKey}\` holds the unknown field \`${field}\` (expected \`tag_key\`, \`tag_value\`, \`enforced_for\` or \`report_required\`)`;
      }
    }
    const tagKey = fields['tag_key'] as Node | undefined;
    if (tagKey !== undefined) {
      for (const op of [APPEND, REMOVE]) if (op in tagKey) return `\`tags.${policyKey}.tag_key\` is a single value: use \`@@assign\``;
      const assigned = tagKey[ASSIGN];
      if (assigned !== undefined && (typeof assigned !== 'string' || assigned.toLowerCase() !== policyKey.toLowerCase())) {
        return `\`tags.${policyKey}.tag_key\` must assign the policy key \`${policyKey}\` in some capitalization`;
      }
    }
    for (const list of ['tag_value', 'enforced_for']) {
      const field = fields[list] as Node | undefined;
      const value = field?.[ASSIGN] ?? field?.[APPEND] ?? field?.[REMOVE];
      if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
        return `\`tags.${policyKey}.${list}\` must be a list of strings`;
    }
  }
  return undefined;
}

/**
 * The effective policy of one account: `levels` holds, from the root down to the account, the
 * checked documents attached at each level in attachment order. Undefined when no policy applies.
 *
 * AWS: orgs_manage_policies_inheritance_mgmt —
 * - `@@assign` overwrites what is inherited; `@@append` adds to an inherited list; `@@remove`
 *   takes values out of it (a list left empty is dropped, example 3);
 * - `@@operators_allowed_for_child_policies` limits the operators that policies attached *below*
 *   may use at that setting and under it; a limit cannot be undone lower down, and limits set by
 *   policies at one level combine as their intersection (example 5); an operator a limit forbids
 *   is ignored (example 4);
 * - policies attached to the same entity apply in attachment order, and when two of them assign
 *   the same setting the first attached wins (example 6).
 * The effective document carries values only, no operators.
 */
export function effectiveManagementPolicy(typeName: string, levels: readonly (readonly Node[])[]): Node | undefined {
  const type = managementPolicyType(typeName);
  if (type === undefined || levels.every((level) => level.length === 0)) return undefined;
  const merge = new Merge(type);
  for (const level of levels) merge.level(level);
  return merge.result();
}

/**
 * A setting's path as one key: its steps (lower case where names match in any case) joined by NUL.
 * Built one step at a time as the merge descends, as are the operators allowed there, so a deep
 * document costs time in proportion to its size (recomputing them per setting was quadratic in
 * its depth: one 10,000-character policy of nested settings took a second per merge).
 */
const childKey = (parentKey: string, depth: number, step: string): string => (depth === 0 ? step : `${parentKey}\u0000${step}`);

/** A node of the effective document: no prototype, so a setting may be called `constructor` or `__proto__`. */
const emptyNode = (): Node => Object.create(null) as Node;

class Merge {
  readonly #type: ManagementPolicyType;
  readonly #effective: Node = emptyNode();
  /** Operators allowed at a path and below, from the levels merged so far. */
  readonly #limits = new Map<string, ReadonlySet<ValueOperator>>();

  constructor(type: ManagementPolicyType) {
    this.#type = type;
  }

  level(documents: readonly Node[]): void {
    const limits = new Map<string, ReadonlySet<ValueOperator>>();
    const assigned = new Set<string>();
    const allowed = intersect(EVERY_OPERATOR, this.#limits.get('') ?? EVERY_OPERATOR);
    for (const document of documents) this.#apply(document, this.#effective, 0, '', allowed, limits, assigned);
    for (const [key, ops] of limits) this.#limits.set(key, intersect(this.#limits.get(key), ops));
  }

  /** The effective document, as plain JSON objects (a setting named `__proto__` stays an own member). */
  result(): Node {
    prune(this.#effective);
    return JSON.parse(JSON.stringify(this.#effective)) as Node;
  }

  /**
   * Applies one policy node, at `depth` below the document with path key `key`, to the matching
   * node of the effective document; `allowed` is what earlier levels allow at this path.
   */
  #apply(
    node: Node,
    target: Node,
    depth: number,
    key: string,
    allowed: ReadonlySet<ValueOperator>,
    limits: Map<string, ReadonlySet<ValueOperator>>,
    assigned: Set<string>,
  ): void {
    const control = node[CHILD_CONTROL];
    if (Array.isArray(control)) limits.set(key, intersect(limits.get(key), operatorsOf(control)));
    for (const [name, child] of Object.entries(node)) {
      if (name.startsWith('@@') || !isNode(child)) continue;
      const step = this.#step(depth, name);
      const at = childKey(key, depth, step);
      const inherited = this.#limits.get(at);
      const allowedHere = inherited === undefined ? allowed : intersect(allowed, inherited);
      const op = VALUE_OPERATORS.find((o) => Object.hasOwn(child, o));
      if (op === undefined) {
        const existing = findKey(target, name, step, this.#matchesInAnyCase(depth));
        const next = existing !== undefined && isNode(target[existing]) ? (target[existing] as Node) : emptyNode();
        if (existing === undefined) target[name] = next;
        this.#apply(child, next, depth + 1, at, allowedHere, limits, assigned);
        continue;
      }
      const childControl = child[CHILD_CONTROL];
      if (Array.isArray(childControl)) limits.set(at, intersect(limits.get(at), operatorsOf(childControl)));
      if (!allowedHere.has(op)) continue;
      const member = findKey(target, name, step, this.#matchesInAnyCase(depth)) ?? name;
      const value = child[op] as Scalar | Scalar[];
      if (op === ASSIGN) {
        if (assigned.has(at)) continue;
        assigned.add(at);
        target[member] = Array.isArray(value) ? [...value] : value;
      } else {
        const current = Object.hasOwn(target, member) ? target[member] : undefined;
        const list: Scalar[] = Array.isArray(current) ? [...(current as Scalar[])] : current === undefined ? [] : [current as Scalar];
        const values = value as Scalar[];
        const next = op === APPEND ? [...list, ...values.filter((v) => !list.includes(v))] : list.filter((v) => !values.includes(v));
        // A list @@remove empties is dropped; one @@append leaves empty (an empty list appended to
        // nothing) stays, as Security Hub's policies need both of their lists, empty or not.
        if (next.length === 0 && op === REMOVE) delete target[member];
        else target[member] = next;
      }
    }
  }

  /** Whether the names of settings at `depth` match in any case (tag policies' policy keys). */
  #matchesInAnyCase(depth: number): boolean {
    return this.#type.caseInsensitiveKeys && depth === 1;
  }

  #step(depth: number, name: string): string {
    return this.#matchesInAnyCase(depth) ? name.toLowerCase() : name;
  }
}

const EVERY_OPERATOR: ReadonlySet<ValueOperator> = new Set(VALUE_OPERATORS);

function operatorsOf(list: readonly Value[]): ReadonlySet<ValueOperator> {
  if (list.includes(ALL)) return EVERY_OPERATOR;
  return new Set(VALUE_OPERATORS.filter((op) => list.includes(op)));
}

function intersect(a: ReadonlySet<ValueOperator> | undefined, b: ReadonlySet<ValueOperator>): ReadonlySet<ValueOperator> {
  return a === undefined ? b : new Set([...a].filter((op) => b.has(op)));
}

/** The member of `node` a policy key names: the same name, or in any case where names match so. */
function findKey(node: Node, key: string, step: string, anyCase: boolean): string | undefined {
  if (Object.hasOwn(node, key)) return key;
  return anyCase ? Object.keys(node).find((k) => k.toLowerCase() === step) : undefined;
}

/** Drops settings that hold nothing (everything under them was removed, or only limits were set). */
function prune(node: Node): void {
  for (const [key, value] of Object.entries(node)) {
    if (!isNode(value)) continue;
    prune(value);
    if (Object.keys(value).length === 0) delete node[key];
  }
}
