import { header, parseForm } from './formParams.js';
import { getServiceModel, SERVICE_NAMES } from './models.js';
import { routesToOperation } from './protocol.js';
import type { ServiceName, WireRequest } from './types.js';

let signingNames: Map<string, ServiceName> | undefined;

/** The service whose model signs with `name` (its `signingName`, else its `endpointPrefix`). */
function bySigningName(name: string): ServiceName | null {
  if (signingNames === undefined) {
    signingNames = new Map();
    for (const service of SERVICE_NAMES) signingNames.set(signingNameOf(service), service);
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
  if (signingService !== undefined) return bySigningName(signingService);

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
  return routesToOperation('s3', req) ? 's3' : null;
}
