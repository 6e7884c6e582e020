import { identityStoreErrors } from './identityStoreErrors.js';

/**
 * A user's attributes as the Identity Store API names them, and the attribute paths of
 * UpdateUser and of the unique attributes (GetUserId). Paths match case-insensitively, as the
 * API's examples write them in lower camel case (`name.givenName`, `emails`).
 *
 * AWS: Identity Store API reference, User, Name, Email, Address, PhoneNumber, AttributeOperation
 * ("AttributePath: A string representation of the path to a given attribute or sub-attribute.
 * Supports JMESPath") and UpdateUser.
 */

/** The scalar string attributes of a user. */
const SCALARS = ['DisplayName', 'NickName', 'ProfileUrl', 'UserType', 'Title', 'PreferredLanguage', 'Locale', 'Timezone', 'Website', 'Birthdate'] as const;
const NAME_PARTS = ['Formatted', 'FamilyName', 'GivenName', 'MiddleName', 'HonorificPrefix', 'HonorificSuffix'] as const;
const MULTI_VALUED: Record<string, readonly string[]> = {
  Emails: ['Value', 'Type', 'Primary'],
  PhoneNumbers: ['Value', 'Type', 'Primary'],
  Addresses: ['StreetAddress', 'Locality', 'Region', 'PostalCode', 'Country', 'Formatted', 'Type', 'Primary'],
};

/** AWS: "Administrator and AWSAdministrators are reserved names and can't be used for users or groups." */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['administrator', 'awsadministrators']);

/** AWS: UserName is 1–128 characters of letters, marks, symbols, numbers and punctuation (no spaces), without `<>;:%`. */
export function checkUserName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 128 || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u.test(name) || /[<>;:%]/.test(name)) {
    throw identityStoreErrors.validation('Invalid UserName: it must be 1 to 128 characters, without spaces or the characters <>;:%.');
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) throw identityStoreErrors.validation(`UserName ${name} is reserved and can't be used.`);
  return name;
}

function checkString(path: string, value: unknown): string {
  if (typeof value !== 'string' || value.length < 1 || value.length > 1024) {
    throw identityStoreErrors.validation(`Invalid value for ${path}: it must be a string of 1 to 1024 characters.`);
  }
  return value;
}

/** An object of the API's members, whatever case its keys come in; members it does not have are refused. */
function members(path: string, value: unknown, names: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw identityStoreErrors.validation(`Invalid value for ${path}: it must be an object.`);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const name = names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name === undefined) throw identityStoreErrors.validation(`Invalid attribute ${path}.${key}.`);
    if (item === null || item === undefined) continue;
    out[name] = name === 'Primary' ? checkBoolean(`${path}.${key}`, item) : checkString(`${path}.${key}`, item);
  }
  return out;
}

function checkBoolean(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw identityStoreErrors.validation(`Invalid value for ${path}: it must be a boolean.`);
  return value;
}

function multiValued(path: string, attribute: string, value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw identityStoreErrors.validation(`Invalid value for ${path}: it must be a list.`);
  // AWS: the model allows one email, address and phone number (`Emails` … min 1, max 1).
  if (value.length > 1) throw identityStoreErrors.validation(`Invalid value for ${path}: at most one value is allowed.`);
  return value.map((item) => members(path, item, MULTI_VALUED[attribute]!));
}

/** Where an attribute path leads: a top-level attribute, or a part of `Name`. */
type Target = { attribute: string } | { attribute: 'Name'; part: string };

/** The attribute an UpdateUser path names; ValidationException for any other path. */
export function userAttributePath(path: string): Target | 'UserName' {
  const lower = path.toLowerCase();
  if (lower === 'username') return 'UserName';
  const scalar = SCALARS.find((a) => a.toLowerCase() === lower);
  if (scalar !== undefined) return { attribute: scalar };
  const multi = Object.keys(MULTI_VALUED).find((a) => a.toLowerCase() === lower);
  if (multi !== undefined) return { attribute: multi };
  if (lower === 'name') return { attribute: 'Name' };
  if (lower.startsWith('name.')) {
    const part = NAME_PARTS.find((p) => p.toLowerCase() === lower.slice(5));
    if (part !== undefined) return { attribute: 'Name', part };
  }
  throw identityStoreErrors.validation(`Invalid attribute path ${path}.`);
}

/** The value an UpdateUser operation sets at `target` (checked), or undefined to remove it. */
export function attributeValue(path: string, target: Target, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if ('part' in target) return checkString(path, value);
  if (target.attribute === 'Name') return members(path, value, NAME_PARTS);
  if (target.attribute in MULTI_VALUED) return multiValued(path, target.attribute, value);
  return checkString(path, value);
}

/** Applies one UpdateUser operation to a copy of the attributes. */
export function applyUserOperation(attributes: Record<string, unknown>, path: string, target: Target, value: unknown): Record<string, unknown> {
  const next = { ...attributes };
  const checked = attributeValue(path, target, value);
  if ('part' in target) {
    const name = { ...((next['Name'] as Record<string, unknown> | undefined) ?? {}) };
    if (checked === undefined) delete name[target.part];
    else name[target.part] = checked;
    if (Object.keys(name).length === 0) delete next['Name'];
    else next['Name'] = name;
    return next;
  }
  if (checked === undefined) delete next[target.attribute];
  else next[target.attribute] = checked;
  return next;
}

/** The attributes of a CreateUser input (everything but the IDs and the user name), as given. */
export function attributesOf(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'IdentityStoreId' || key === 'UserName' || value === undefined) continue;
    out[key] = value;
  }
  return out;
}
