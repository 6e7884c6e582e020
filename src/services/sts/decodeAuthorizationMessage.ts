import { ServiceError } from '../../errors.js';
import { decodeAuthorizationMessage } from '../../auth/index.js';
import { defineOperation } from '../operation.js';

/**
 * Expands an encoded authorization failure message (see `auth/encodedMessage.ts`) into its JSON.
 *
 * AWS: STS API reference, DecodeAuthorizationMessage — authorized by
 * `sts:DecodeAuthorizationMessage`; "InvalidAuthorizationMessageException: The error returned if
 * the message passed to DecodeAuthorizationMessage was invalid. This can happen if the token
 * contains invalid characters, such as line breaks, or if the message has expired." A message of
 * another account's request is answered the same way: it is not one the caller may read.
 */
export const DecodeAuthorizationMessage = defineOperation<{ EncodedMessage: string }, { DecodedMessage: string }>({
  service: 'sts',
  name: 'DecodeAuthorizationMessage',
  readOnly: true,
  authorize: () => [{ action: 'sts:DecodeAuthorizationMessage', resource: '*' }],
  handle: async (input, ctx) => {
    // A message decodes only for principals of the account whose request was denied.
    const decoded = decodeAuthorizationMessage(ctx.store.keyRing, input.EncodedMessage, ctx.principal.accountId);
    if (decoded === undefined) throw new ServiceError('InvalidAuthorizationMessageException', 'The message passed to DecodeAuthorizationMessage is not valid.');
    return { DecodedMessage: decoded };
  },
});
