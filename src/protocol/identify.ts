import { header, parseForm } from './formParams.js';
import { getServiceModel, SERVICE_NAMES } from './models.js';
import { routesToOperation } from './protocol.js';
import type { ServiceName, WireRequest } from './types.js';

let signingNames: Map<string, ServiceName> | undefined;

/** The service whose model signs with `name` (its `signingName`, else its `endpointPrefix`). */
function bySigningName(name: string): ServiceName | null {
  if (signingNames === undefined) {
    signingNames = new Map();
    // S3 Control signs as `s3` too: its requests are told apart by their path (`isS3ControlPath`).
    for (const service of SERVICE_NAMES) if (service !== 's3control') signingNames.set(signingNameOf(service), service);
  }
  return signingNames.get(name) ?? null;
}

/** The SigV4 credential-scope service name a service's requests are signed for. */
export function signingNameOf(service: ServiceName): string {
  const { signingName, endpointPrefix } = getServiceModel(service).metadata;
  return signingName ?? endpointPrefix;
}

let targetPrefixes: Map<string, ServiceName> | undefined;

function byTargetPrefix(prefix: string): ServiceName | null {
  if (!targetPrefixes) {
    targetPrefixes = new Map();
    for (const name of SERVICE_NAMES) {
      const { targetPrefix } = getServiceModel(name).metadata;
      if (!targetPrefix) continue;
      targetPrefixes.set(targetPrefix, name);
      targetPrefixes.set(targetPrefix.slice(targetPrefix.lastIndexOf('.') + 1), name);
    }
  }
  return targetPrefixes.get(prefix) ?? null;
}

/**
 * Which service a request is for, from (in order) the SigV4 credential-scope service name, the
 * `X-Amz-Target` prefix, the query/form `Action` (and `Version`) of IAM and STS, and finally
 * S3, for a request S3's model routes to one of its operations (path-style or virtual-hosted).
 * `null` when unknown.
 */
export function identifyService(req: WireRequest, signingService: string | undefined): ServiceName | null {
  if (signingService !== undefined) {
    const service = bySigningName(signingService);
    return service === 's3' && isS3ControlPath(req.rawPath) ? 's3control' : service;
  }

  const target = header(req.headers, 'x-amz-target');
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    return dot > 0 ? byTargetPrefix(target.slice(0, dot)) : null;
  }

  const contentType = header(req.headers, 'content-type') ?? '';
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  if (isForm || /(?:^|&)Action=/.test(req.rawQuery)) {
    const params = parseForm(req.rawQuery);
    if (isForm && req.body.length > 0) parseForm(req.body.toString('utf8'), params);
    const version = params.get('Version');
    const action = params.get('Action');
    const sts = getServiceModel('sts');
    const iam = getServiceModel('iam');
    if (version === sts.metadata.apiVersion) return 'sts';
    if (version === iam.metadata.apiVersion) return 'iam';
    if (action !== undefined) {
      if (sts.hasOperation(action)) return 'sts';
      if (iam.hasOperation(action)) return 'iam';
      return null;
    }
    if (isForm && req.method === 'POST') return null;
  }
  if (isS3ControlPath(req.rawPath)) return routesToOperation('s3control', req) ? 's3control' : null;
  return routesToOperation('s3', req) ? 's3' : null;
}

/**
 * Whether a request is S3 Control's: every S3 Control operation's path starts with its API
 * version, and no bucket is named `v20180820` (bucket names must hold a letter or digit at each
 * end, so it could be one; S3 Control's path wins, as the AWS SDKs address S3 Control on its own
 * endpoint, `<account>.s3-control.<region>.amazonaws.com`).
 */
export function isS3ControlPath(rawPath: string): boolean {
  return rawPath.startsWith('/v20180820/');
}
