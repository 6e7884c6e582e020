import { ServiceError } from '../../errors.js';
import { currentSigningKey } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import type { Operation } from '../operation.js';

/**
 * ListPublicKeys: the caller's account's digest signing public keys (DER, PKCS#1) valid at some
 * time in [StartTime, EndTime]; without either, the current key. The key is created on first
 * use, so it exists before the first digest is signed.
 *
 * AWS: ListPublicKeys — "Returns all public keys whose private keys were used to sign the digest
 * files within the specified time range"; StartTime after EndTime is InvalidTimeRangeException.
 */
export const ListPublicKeys = defineOperation<{ StartTime?: Date; EndTime?: Date; NextToken?: string }>({
  service: 'cloudtrail',
  name: 'ListPublicKeys',
  readOnly: true,
  authorize: () => [{ action: 'cloudtrail:ListPublicKeys', resource: '*' }],
  handle: async (input, ctx) => {
    if (input.StartTime !== undefined && input.EndTime !== undefined && input.StartTime > input.EndTime) {
      throw new ServiceError('InvalidTimeRangeException', 'Start time must be before end time.');
    }
    const accountId = ctx.principal.accountId;
    await currentSigningKey(ctx.store, accountId, ctx.now);
    const ranged = input.StartTime !== undefined || input.EndTime !== undefined;
    const keys = ranged
      ? await ctx.store.auditSigningKeys.list(accountId, input.StartTime?.toISOString(), input.EndTime?.toISOString())
      : (await ctx.store.auditSigningKeys.list(accountId)).filter((k) => k.validTo === null);
    return {
      PublicKeyList: keys.map((k) => ({
        Value: k.publicKeyDer,
        ValidityStartTime: new Date(k.validFrom),
        ...(k.validTo !== null ? { ValidityEndTime: new Date(k.validTo) } : {}),
        Fingerprint: k.fingerprint,
      })),
    };
  },
});

export const publicKeyOperations: Operation[] = [ListPublicKeys];
