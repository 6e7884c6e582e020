import { header, parseForm } from './formParams.js';
import { getServiceModel, SERVICE_NAMES } from './models.js';
import { routesToOperation } from './protocol.js';
import { unsignedOperations } from './constraintFiles.js';
import { routeRequest } from './restBindings.js';
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

let unsignedRest: readonly ServiceName[] | undefined;

/**
 * The REST services whose login calls are unsigned (SSO OIDC's `oidc`, the SSO portal's
 * `portal.sso`): their requests carry no credential scope to say whose they are.
 */
function unsignedRestServices(): readonly ServiceName[] {
  unsignedRest ??= SERVICE_NAMES.filter((s) => getServiceModel(s).metadata.protocol === 'rest-json' && unsignedOperations(s).size > 0);
  return unsignedRest;
}

/**
 * The unsigned REST service a request is for: by its host, `<endpointPrefix>.<region>.amazonaws.com`
 * as the model's endpoint prefix names it (`oidc.us-east-1.amazonaws.com`,
 * `portal.sso.us-east-1.amazonaws.com`), else by a route of the service's model whose required
 * headers the request carries (the portal's `x-amz-sso_bearer_token`), so that an unsigned
 * `GET /federation/credentials` without it stays S3's object `credentials` of bucket `federation`.
 *
 * AWS: the SSO OIDC and portal models (botocore `sso-oidc/2019-06-10`, `sso/2019-06-10`) mark
 * their operations `authtype: none`; the portal's bearer token travels in `x-amz-sso_bearer_token`.
 */
function unsignedRestService(req: WireRequest): ServiceName | null {
  const host = (header(req.headers, 'host') ?? '').toLowerCase().replace(/:\d+$/, '');
  const services = unsignedRestServices();
  if (host.endsWith('.amazonaws.com')) {
    for (const service of services) {
      const prefix = `${getServiceModel(service).metadata.endpointPrefix}.`;
      // The region is the one label between the prefix and the domain.
      if (host.startsWith(prefix) && !host.slice(prefix.length, -'.amazonaws.com'.length).includes('.')) return service;
    }
  }
  for (const service of services) {
    if (routeRequest(getServiceModel(service), req, { requireHeaders: true }) !== undefined) return service;
  }
  return null;
}

/**
 * Which service a request is for, from (in order) the SigV4 credential-scope service name, the
 * `X-Amz-Target` prefix, the host or route of the unsigned REST services (SSO OIDC, the SSO
 * portal), the query/form `Action` (and `Version`) of IAM and STS, and finally S3, for a request
 * S3's model routes to one of its operations (path-style or virtual-hosted). `null` when unknown.
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

  const unsigned = unsignedRestService(req);
  if (unsigned !== null) return unsigned;

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
