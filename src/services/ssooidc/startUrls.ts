import type { SsoInstanceRecord, Store } from '../../store/index.js';

/**
 * The instance an AWS access portal URL (a start URL, RegisterClient's `issuerUrl`) names. AWS's
 * start URLs name the identity store: `https://d-1234567890.awsapps.com/start`; Gatehouse's are
 * `<Gatehouse>/start/d-1234567890`. Any URL with the identity store ID as a host label or a path
 * segment names its instance (both forms, and AWS's own host through a proxy, work).
 */
export async function instanceForStartUrl(store: Store, url: string): Promise<SsoInstanceRecord | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  const parts = [...parsed.hostname.split('.'), ...parsed.pathname.split('/'), ...parsed.hash.replace(/^#/, '').split('/')];
  for (const part of parts) {
    if (!/^d-[0-9a-f]{10}$/.test(part)) continue;
    const instance = await store.ssoInstances.byIdentityStore(part);
    if (instance !== undefined) return instance;
  }
  return undefined;
}

/** The start URL Gatehouse gives for an instance, at the origin it is reached on. */
export function startUrlOf(origin: string, instance: Pick<SsoInstanceRecord, 'identityStoreId'>): string {
  return `${origin}/start/${instance.identityStoreId}`;
}
