import { announcing } from './announcing.js';
import { TRUST_ANCHORS_TOPIC } from './changeTopics.js';
import type { RolesAnywhereRepository } from './repositories/rolesAnywhere.js';
import type { ChangeFeed } from './types.js';

/**
 * Roles Anywhere's repository as the store hands it out: every write to a trust anchor or a CRL
 * announces its account on {@link TRUST_ANCHORS_TOPIC}, so that the X.509 resolver's caches of
 * parsed CA bundles and CRLs drop it on every node.
 */
export function rolesAnywhereAnnouncing(repository: RolesAnywhereRepository, changes: ChangeFeed): RolesAnywhereRepository {
  const byRecord = async (record: { accountId: string } | undefined) => {
    if (record !== undefined) await changes.publish(TRUST_ANCHORS_TOPIC, record.accountId);
  };
  const everything = async () => changes.publish(TRUST_ANCHORS_TOPIC, '*');
  return {
    ...repository,
    createTrustAnchor: announcing(repository.createTrustAnchor, byRecord),
    updateTrustAnchor: announcing(repository.updateTrustAnchor, byRecord),
    deleteTrustAnchor: announcing(repository.deleteTrustAnchor, everything),
    createCrl: announcing(repository.createCrl, byRecord),
    updateCrl: announcing(repository.updateCrl, byRecord),
    deleteCrl: announcing(repository.deleteCrl, everything),
  };
}
