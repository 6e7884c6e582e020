import { ServiceError } from '../../errors.js';
import { accountOfAccessKeyId } from '../../model/index.js';
import { defineOperation } from '../operation.js';

/**
 * The account an access key ID belongs to: a long-term key's account from the store, otherwise
 * the account encoded in the key ID itself (every `AKIA…`/`ASIA…` key Gatehouse issues encodes
 * it), so temporary keys answer without any storage.
 *
 * AWS: STS API reference, GetAccessKeyInfo — "This operation does not indicate the state of the
 * access key. The key might be active, inactive, or deleted. … Providing a deleted access key
 * might return an error that the key doesn't exist." Keys that name no account answer
 * InvalidParameterValue (Gatehouse's choice: AWS documents no dedicated error).
 */
export const GetAccessKeyInfo = defineOperation<{ AccessKeyId: string }, { Account: string }>({
  service: 'sts',
  name: 'GetAccessKeyInfo',
  readOnly: true,
  authorize: () => [{ action: 'sts:GetAccessKeyInfo', resource: '*' }],
  handle: async (input, ctx) => {
    const stored = input.AccessKeyId.startsWith('AKIA') ? await ctx.store.accessKeys.get(input.AccessKeyId) : undefined;
    const account = stored?.accountId ?? accountOfAccessKeyId(input.AccessKeyId);
    if (account === undefined) throw new ServiceError('InvalidParameterValue', `The access key ID ${input.AccessKeyId} does not exist.`);
    return { Account: account };
  },
});
