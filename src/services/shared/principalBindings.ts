import { parseArn } from '../../model/index.js';
import { rewriteAwsPrincipals } from '../../policy/index.js';
import type { Policy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';

/**
 * Stored resource-based policies bound to the unique IDs of the IAM users and roles they name.
 *
 * AWS: IAM User Guide, "IAM identifiers" — "If you delete the user and create a new user with
 * the same name … the new user has a different unique ID … a policy that refers to the old
 * user's ARN no longer applies"; a trust or resource policy naming a deleted principal shows that
 * principal's unique ID in place of its ARN. Gatehouse records, when a policy is saved, which
 * users and roles it names (their unique IDs); deleting one rewrites those policies in the same
 * transaction, so no later principal of the same name matches them, and renaming a user (its ARN
 * changes, its unique ID does not) rewrites them to the new ARN.
 */

/** A kind of stored policy that can name principals: how to read and write it by its holder's key. */
interface HolderKind {
  read(store: Store, account: string, key: string): Promise<string | undefined>;
  write(store: Store, account: string, key: string, document: string): Promise<void>;
}

const HOLDERS: Readonly<Record<string, HolderKind>> = {
  /** A role's trust policy; the key is the role's name. */
  'role-trust': {
    read: async (store, account, key) => (await store.roles.get(account, key))?.trustPolicy,
    write: async (store, account, key, document) => {
      await store.roles.update(account, key, { trustPolicy: document });
    },
  },
  /** An S3 bucket policy; the key is the bucket's name. */
  'bucket-policy': {
    read: async (store, _account, key) => (await store.s3Buckets.get(key))?.policy ?? undefined,
    write: async (store, _account, key, document) => {
      await store.s3Buckets.setPolicy(key, document);
    },
  },
};

export type PolicyHolderKind = keyof typeof HOLDERS;

/**
 * Records which users and roles of this deployment's accounts `policy` names as `AWS` principals
 * (each by the unique ID of the entity its ARN names now), replacing what the holder's policy
 * named before.
 */
export async function bindPolicyPrincipals(
  store: Store,
  holderKind: PolicyHolderKind,
  holderAccount: string,
  holderKey: string,
  policy: Policy | undefined,
): Promise<void> {
  const references: { principalId: string; principalArn: string }[] = [];
  for (const statement of policy?.statements ?? []) {
    for (const spec of [statement.principal, statement.notPrincipal]) {
      if (spec === undefined || spec === '*') continue;
      for (const value of spec.AWS ?? []) {
        const principalId = await uniqueIdOf(store, value);
        if (principalId !== undefined) references.push({ principalId, principalArn: value });
      }
    }
  }
  await store.principalReferences.replace(holderKind, holderAccount, holderKey, references);
}

/** Forgets what a holder's policy named (the holder itself is deleted). */
export async function unbindPolicy(store: Store, holderKind: PolicyHolderKind, holderAccount: string, holderKey: string): Promise<void> {
  await store.principalReferences.replace(holderKind, holderAccount, holderKey, []);
}

/**
 * The principal with this unique ID is being deleted: every stored policy that names it shows its
 * unique ID from now on. (A policy now naming the ID matches no principal: IDs are never reused.)
 */
export async function principalDeleted(store: Store, principalId: string): Promise<void> {
  await rewriteReferences(store, principalId, () => principalId);
  await store.principalReferences.forgetPrincipal(principalId);
}

/** A user was renamed or moved: the policies that name it by its old ARN name its new one. */
export async function principalRenamed(store: Store, principalId: string, newArn: string): Promise<void> {
  await rewriteReferences(store, principalId, () => newArn);
  await store.principalReferences.renamePrincipal(principalId, newArn);
}

async function rewriteReferences(store: Store, principalId: string, replacement: () => string): Promise<void> {
  const references = await store.principalReferences.toPrincipal(principalId);
  for (const reference of references) {
    const holder = HOLDERS[reference.holderKind];
    if (holder === undefined) continue;
    const document = await holder.read(store, reference.holderAccount, reference.holderKey);
    if (document === undefined) continue;
    const rewritten = rewriteAwsPrincipals(document, new Map([[reference.principalArn.toLowerCase(), replacement()]]));
    if (rewritten !== document) await holder.write(store, reference.holderAccount, reference.holderKey, rewritten);
  }
}

/** The unique ID of the user or role of this deployment an `AWS` principal value names exactly, if any. */
async function uniqueIdOf(store: Store, value: string): Promise<string | undefined> {
  if (value.includes('*')) return undefined;
  const arn = parseArn(value);
  if (arn === undefined || arn.service !== 'iam') return undefined;
  const kind = arn.resource.slice(0, arn.resource.indexOf('/'));
  if (kind !== 'user' && kind !== 'role') return undefined;
  const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  const entity = kind === 'user' ? await store.users.get(arn.accountId, name) : await store.roles.get(arn.accountId, name);
  if (entity === undefined || entity.arn.toLowerCase() !== value.toLowerCase()) return undefined;
  return 'userId' in entity ? entity.userId : entity.roleId;
}
