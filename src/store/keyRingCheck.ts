import type { KeyRing } from './keyring.js';
import { KeyRingError } from './storeErrors.js';
import type { KvRepository } from './types.js';

/** The kv key of a value sealed at first start, to detect a node given a different master key. */
export const KEY_RING_VERIFIER = 'gatehouse.keyring.verifier';

/**
 * Checks that the key ring opens what this database holds, so a node with a different master key
 * fails at start instead of on its first request. Writes the verifier if absent and re-seals it
 * under the sealing key after a rotation.
 */
export async function checkKeyRing(kv: KvRepository, keyRing: KeyRing): Promise<void> {
  await kv.setIfAbsent(KEY_RING_VERIFIER, keyRing.seal('gatehouse', KEY_RING_VERIFIER));
  const stored = await kv.get(KEY_RING_VERIFIER);
  if (stored === undefined) return;
  try {
    keyRing.open(stored, KEY_RING_VERIFIER);
  } catch (error) {
    throw new KeyRingError(
      `the master key ring (key ids ${keyRing.keyIds.join(', ')}) does not open this database's secrets; ` +
        'give every node the same GATEHOUSE_MASTER_KEY (or master.key)',
      { cause: error },
    );
  }
  if (!keyRing.isCurrent(stored)) await kv.set(KEY_RING_VERIFIER, keyRing.seal('gatehouse', KEY_RING_VERIFIER));
}
