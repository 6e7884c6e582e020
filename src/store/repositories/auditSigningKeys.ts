import type { RepositoryContext } from './context.js';

/** An account's digest signing key: the public key (DER, PKCS#1) and when it signs. */
export interface SigningKeyRecord {
  readonly accountId: string;
  /** Hex MD5 of the DER public key, as digest files name it (`digestPublicKeyFingerprint`). */
  readonly fingerprint: string;
  readonly publicKeyDer: Buffer;
  readonly validFrom: string;
  readonly validTo: string | null;
}

export interface NewSigningKey extends SigningKeyRecord {
  /** PKCS#8 PEM; sealed before it is written. */
  readonly privateKeyPem: string;
}

export interface AuditSigningKeysRepository {
  /** Returns false if a key with that fingerprint exists. */
  create(key: NewSigningKey): Promise<boolean>;
  /** The key that signs now (no `validTo`), with its private key unsealed. */
  current(accountId: string): Promise<(SigningKeyRecord & { privateKeyPem: string }) | undefined>;
  /** Keys valid at some point in [start, end], oldest first; every account's when `accountId` is undefined. */
  list(accountId: string | undefined, start?: string, end?: string): Promise<SigningKeyRecord[]>;
  /** Ends the current key's validity (rotation). */
  retire(accountId: string, fingerprint: string, at: string): Promise<void>;
}

const aad = (accountId: string, fingerprint: string): string => `audit-signing-key:${accountId}:${fingerprint}`;

/** Digest signing keys over one database handle. */
export function auditSigningKeysRepository({ db, keyRing }: RepositoryContext): AuditSigningKeysRepository {
  const fromRow = (r: { account_id: string; fingerprint: string; public_key: string; valid_from: string; valid_to: string | null }): SigningKeyRecord => ({
    accountId: r.account_id,
    fingerprint: r.fingerprint,
    publicKeyDer: Buffer.from(r.public_key, 'base64'),
    validFrom: r.valid_from,
    validTo: r.valid_to,
  });
  return {
    async create(k) {
      const result = await db
        .insertInto('audit_signing_keys')
        .values({
          account_id: k.accountId,
          fingerprint: k.fingerprint,
          public_key: k.publicKeyDer.toString('base64'),
          private_key: keyRing.seal(k.privateKeyPem, aad(k.accountId, k.fingerprint)),
          valid_from: k.validFrom,
          valid_to: k.validTo,
        })
        .onConflict((oc) => oc.columns(['account_id', 'fingerprint']).doNothing())
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async current(accountId) {
      const row = await db
        .selectFrom('audit_signing_keys')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('valid_to', 'is', null)
        .orderBy('valid_from', 'desc')
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return { ...fromRow(row), privateKeyPem: keyRing.open(row.private_key, aad(row.account_id, row.fingerprint)) };
    },

    async list(accountId, start, end) {
      let query = db.selectFrom('audit_signing_keys').select(['account_id', 'fingerprint', 'public_key', 'valid_from', 'valid_to']);
      if (accountId !== undefined) query = query.where('account_id', '=', accountId);
      if (end !== undefined) query = query.where('valid_from', '<=', end);
      if (start !== undefined) query = query.where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', start)]));
      return (await query.orderBy('valid_from').execute()).map(fromRow);
    },

    async retire(accountId, fingerprint, at) {
      await db.updateTable('audit_signing_keys').set({ valid_to: at }).where('account_id', '=', accountId).where('fingerprint', '=', fingerprint).execute();
    },
  };
}
