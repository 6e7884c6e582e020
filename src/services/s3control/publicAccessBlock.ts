import { ServiceError } from '../../errors.js';
import type { PublicAccessBlock } from '../../store/index.js';
import { defineOperation } from '../operation.js';
import { blockConfiguration } from '../shared/index.js';

type AccountInput = { AccountId: string; PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> };

/**
 * An account's Block Public Access is that account's: the need is in the named account, so a
 * caller of another account is refused by the engine (no resource-based policy grants it).
 * AWS: Service Authorization Reference, s3:PutAccountPublicAccessBlock and
 * s3:GetAccountPublicAccessBlock (no resource type: `*`).
 */
const accountNeed = (action: string, input: AccountInput) => [{ action, resource: '*', resourceAccountId: input.AccountId }];

/** PutPublicAccessBlock (the account's). AWS: S3 Control API Reference, PutPublicAccessBlock. */
export const PutPublicAccessBlock = defineOperation<AccountInput>({
  service: 's3control',
  name: 'PutPublicAccessBlock',
  readOnly: false,
  authorize: (input) => accountNeed('s3:PutAccountPublicAccessBlock', input),
  async handle(input, ctx) {
    await ctx.store.s3Buckets.setAccountPublicAccessBlock(input.AccountId, blockConfiguration(input.PublicAccessBlockConfiguration));
    return {};
  },
});

/** GetPublicAccessBlock (the account's): NoSuchPublicAccessBlockConfiguration when none is set. */
export const GetPublicAccessBlock = defineOperation<AccountInput>({
  service: 's3control',
  name: 'GetPublicAccessBlock',
  readOnly: true,
  authorize: (input) => accountNeed('s3:GetAccountPublicAccessBlock', input),
  async handle(input, ctx) {
    const block = await ctx.store.s3Buckets.accountPublicAccessBlock(input.AccountId);
    if (block === null) {
      throw new ServiceError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', { AccountId: input.AccountId });
    }
    return { PublicAccessBlockConfiguration: block };
  },
});

/** DeletePublicAccessBlock (the account's): authorized as s3:PutAccountPublicAccessBlock. */
export const DeletePublicAccessBlock = defineOperation<AccountInput>({
  service: 's3control',
  name: 'DeletePublicAccessBlock',
  readOnly: false,
  authorize: (input) => accountNeed('s3:PutAccountPublicAccessBlock', input),
  async handle(input, ctx) {
    await ctx.store.s3Buckets.setAccountPublicAccessBlock(input.AccountId, null);
    return {};
  },
});
