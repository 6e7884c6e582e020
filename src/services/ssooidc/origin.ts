import type { OperationContext } from '../operation.js';

/**
 * Gatehouse's origin as the caller reached it (`https://oidc.us-east-1.amazonaws.com` through a
 * proxy, `http://127.0.0.1:4747` directly): where its sign-in pages are for this caller.
 */
export function callerOrigin(ctx: OperationContext): string {
  const host = ctx.origin?.host ?? '';
  return `${ctx.origin?.secure === true ? 'https' : 'http'}://${/^[A-Za-z0-9.:[\]-]+$/.test(host) ? host : 'localhost'}`;
}

/** Where the sign-in pages are served, under Gatehouse's own prefix (no S3 bucket can be named `_gatehouse`). */
export const SIGN_IN_PREFIX = '/_gatehouse/sso';
