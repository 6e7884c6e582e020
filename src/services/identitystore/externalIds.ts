import type { ExternalIdRecord } from '../../store/index.js';
import { identityStoreErrors } from './identityStoreErrors.js';

/** An external ID as the API carries it. */
export interface ExternalIdInput {
  Issuer: string;
  Id: string;
}

/** A unique attribute as the API carries it (the value is a document: for these paths, a string). */
export interface UniqueAttributeInput {
  AttributePath: string;
  AttributeValue: unknown;
}

/** AWS: ExternalId's Issuer and Id are each 1–256 characters of letters, marks, symbols, numbers and punctuation. */
export function checkExternalIds(ids: readonly ExternalIdInput[]): ExternalIdRecord[] {
  const pattern = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,256}$/u;
  for (const id of ids) {
    if (typeof id.Issuer !== 'string' || typeof id.Id !== 'string' || !pattern.test(id.Issuer) || !pattern.test(id.Id)) {
      throw identityStoreErrors.validation('Invalid ExternalId: Issuer and Id must be 1 to 256 characters.');
    }
  }
  return ids.map((id) => ({ Issuer: id.Issuer, Id: id.Id }));
}
