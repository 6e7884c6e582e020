import type { Store, TrustAnchorRecord } from '../../store/index.js';
import { RESYNC_TOPIC, TRUST_ANCHORS_TOPIC } from '../../store/index.js';
import { parsePemBundle, type ParsedCertificate } from './certificate.js';
import { trustedCrl, type TrustedCrl } from './chain.js';

/** A trust anchor as X.509 authentication uses it: its record, its CA certificates and enabled CRLs, parsed. */
export interface LoadedTrustAnchor {
  readonly record: TrustAnchorRecord;
  readonly certificates: readonly ParsedCertificate[];
  readonly crls: readonly TrustedCrl[];
}

/**
 * Trust anchors by ARN, with their CA bundles and enabled CRLs parsed once (parsing and checking a
 * CRL's signature cost far more than a request). Every node drops an account's entries when the
 * change feed announces a change to its trust anchors or CRLs.
 */
export class TrustAnchorCache {
  readonly #store: Store;
  readonly #byArn = new Map<string, Promise<LoadedTrustAnchor | undefined>>();
  readonly #unsubscribe: () => void;

  constructor(store: Store) {
    this.#store = store;
    this.#unsubscribe = store.changes.subscribe((topic, payload) => {
      if (topic === RESYNC_TOPIC || (topic === TRUST_ANCHORS_TOPIC && payload === '*')) this.#byArn.clear();
      else if (topic === TRUST_ANCHORS_TOPIC) {
        for (const arn of [...this.#byArn.keys()]) if (arn.split(':')[4] === payload) this.#byArn.delete(arn);
      }
    });
  }

  /** The trust anchor an ARN names, loaded; undefined when there is none. */
  get(arn: string): Promise<LoadedTrustAnchor | undefined> {
    let pending = this.#byArn.get(arn);
    if (pending === undefined) {
      pending = this.#load(arn);
      if (this.#byArn.size >= 1024) this.#byArn.clear();
      this.#byArn.set(arn, pending);
      // A failed read is not kept.
      pending.catch(() => this.#byArn.delete(arn));
    }
    return pending;
  }

  close(): void {
    this.#unsubscribe();
  }

  async #load(arn: string): Promise<LoadedTrustAnchor | undefined> {
    const record = await this.#store.rolesAnywhere.trustAnchorByArn(arn);
    if (record === undefined) return undefined;
    const certificates = parsePemBundle(record.sourceData.x509CertificateData ?? '') ?? [];
    const crls: TrustedCrl[] = [];
    for (const crl of await this.#store.rolesAnywhere.crlsFor(arn)) {
      if (!crl.enabled) continue;
      const trusted = await trustedCrl(Buffer.from(crl.crlData, 'base64'), certificates);
      if (trusted !== undefined) crls.push(trusted);
    }
    return { record, certificates, crls };
  }
}
