import { header } from './formParams.js';
import type { WireRequest } from './types.js';

// AWS: S3 User Guide, "Virtual hosting of buckets": `bucket.s3.region.amazonaws.com`,
// `bucket.s3.amazonaws.com` and the legacy dash form `bucket.s3-region.amazonaws.com`.
const AWS_VIRTUAL_HOST = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?::\d+)?$/;
// Gatehouse's own: `bucket.localhost` and `bucket.s3.localhost` (with any port); `localhost`'s
// subdomains resolve to the loopback address by RFC 6761 on most systems.
const LOCAL_VIRTUAL_HOST = /^(.+?)(?:\.s3)?\.localhost(?::\d+)?$/;

/** The bucket named by a virtual-hosted-style Host header, if any. */
export function virtualHostBucket(req: WireRequest): string | undefined {
  const host = header(req.headers, 'host')?.toLowerCase();
  if (!host) return undefined;
  return (AWS_VIRTUAL_HOST.exec(host) ?? LOCAL_VIRTUAL_HOST.exec(host))?.[1];
}

/** The request with a virtual-hosted bucket moved into the path (`/bucket/key`), else unchanged. */
export function toPathStyle(req: WireRequest): WireRequest {
  const bucket = virtualHostBucket(req);
  if (bucket === undefined) return req;
  return { ...req, rawPath: `/${encodeURIComponent(bucket)}${req.rawPath === '/' ? '' : req.rawPath}` };
}
