/**
 * The headers of every console response. The Content-Security-Policy allows scripts, styles and
 * connections to this origin only: no inline script or style, no eval, nothing from a CDN; data:
 * images for a virtual MFA device's QR code. Frames are refused (clickjacking), and so is
 * being opened by another origin's window.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

/** Whether a request is a person's browser asking for a console page: `/` or under `/console`, unsigned, GET or HEAD, asking for HTML. */
export function isConsolePageRequest(method: string | undefined, url: string, headers: Record<string, string | string[] | undefined>): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path !== '/' && path !== '/console' && !path.startsWith('/console/')) return false;
  if (headers['authorization'] !== undefined) return false;
  if (q !== -1 && /(?:^|&)X-Amz-(?:Credential|Signature)=/i.test(url.slice(q + 1))) return false;
  const accept = headers['accept'];
  return typeof accept === 'string' && accept.includes('text/html');
}
