import { csrfToken } from './session.js';

/**
 * What every AWS SDK client of the console is configured with: Gatehouse's own origin as the
 * endpoint, and instead of SigV4 (the page holds no secret) the session's CSRF token and the
 * service's signing name in headers; the browser adds the HttpOnly session cookie. Gatehouse's
 * console credential resolver maps these to the signed-in principal, and the request then goes
 * through the same pipeline as any SDK's.
 */
export function awsConfig() {
  const signer = {
    sign: async (request: { headers: Record<string, string> }, _identity: unknown, properties: { name?: string }) => {
      request.headers['x-gatehouse-csrf'] = csrfToken();
      if (properties?.name !== undefined) request.headers['x-gatehouse-service'] = properties.name;
      return request;
    },
  };
  return {
    endpoint: window.location.origin,
    region: 'us-east-1',
    maxAttempts: 1,
    httpAuthSchemes: [{ schemeId: 'aws.auth#sigv4', identityProvider: () => async () => ({}), signer }],
  } as never;
}

/** One client per service, made when first needed. */
export function lazyClient<T>(make: () => T): () => T {
  let client: T | undefined;
  return () => (client ??= make());
}

/** An AWS call that failed, as the console explains it. */
export interface AwsFailure {
  readonly kind: 'denied' | 'not-implemented' | 'signed-out' | 'invalid' | 'not-found' | 'unreachable' | 'other';
  readonly code: string;
  readonly message: string;
  /** A denial's encoded authorization message (Gatehouse's header), for "why was this denied?". */
  readonly encodedMessage?: string;
}

const SIGNED_OUT = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);

/** Reads an SDK error (or any thrown value) into an {@link AwsFailure}. */
export function describeFailure(err: unknown): AwsFailure {
  const e = err as {
    name?: string;
    message?: string;
    Code?: string;
    $response?: { headers?: Record<string, string> };
    $metadata?: { httpStatusCode?: number };
  };
  // SDK v3 names modeled errors after their shape (IAM's NoSuchEntity is NoSuchEntityException); the wire code is what AWS documents.
  const raw = e?.Code ?? e?.name ?? 'Error';
  const code =
    e?.Code === undefined &&
    /^(NoSuchEntity|EntityAlreadyExists|DeleteConflict|LimitExceeded|MalformedPolicyDocument|PasswordPolicyViolation|InvalidInput|EntityTemporarilyUnmodifiable|UnmodifiableEntity|ConcurrentModification)Exception$/.test(
      raw,
    )
      ? raw.slice(0, -'Exception'.length)
      : raw;
  const message = e?.message ?? String(err);
  const status = e?.$metadata?.httpStatusCode;
  const encoded = e?.$response?.headers?.['x-gatehouse-encoded-authorization-message'];
  if (status === undefined && (err instanceof TypeError || /fetch|network/i.test(message))) {
    return { kind: 'unreachable', code, message: 'Gatehouse did not answer. Check that it is running and that this page can reach it, then retry.' };
  }
  if (SIGNED_OUT.has(code)) return { kind: 'signed-out', code, message };
  // A service Gatehouse does not serve at all is refused before any policy is read: its signing
  // name names no service, or its operation is unknown. That is "not available", not a denial.
  if (
    code === 'NotImplemented' ||
    status === 501 ||
    code === 'InvalidAction' ||
    code === 'UnknownOperationException' ||
    /scoped to a valid service/.test(message)
  ) {
    return { kind: 'not-implemented', code, message };
  }
  if (code.startsWith('AccessDenied') || code === 'UnauthorizedOperation' || status === 403) {
    return { kind: 'denied', code, message, ...(encoded !== undefined ? { encodedMessage: encoded } : {}) };
  }
  if (code === 'NoSuchEntity' || code.endsWith('NotFoundException') || code.startsWith('NoSuch') || status === 404) return { kind: 'not-found', code, message };
  if (status !== undefined && status >= 400 && status < 500) return { kind: 'invalid', code, message };
  return { kind: 'other', code, message };
}

/** Listeners told when a call finds the session over (the app then shows the sign-in page). */
const signedOutListeners = new Set<() => void>();
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}
export function reportFailure(failure: AwsFailure): AwsFailure {
  if (failure.kind === 'signed-out') for (const l of signedOutListeners) l();
  return failure;
}

/** Calls a JSON-protocol operation of a service the console has no SDK client for (its wire format is plain JSON). */
export async function jsonCall<T>(signingName: string, target: string, input: unknown, version = '1.1'): Promise<T> {
  return wireCall<T>(signingName, 'POST', '/', JSON.stringify(input), { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target });
}

/** Calls a REST-JSON operation of a service the console has no SDK client for. */
export async function restCall<T>(signingName: string, method: string, path: string, input?: unknown): Promise<T> {
  return wireCall<T>(signingName, method, path, input === undefined ? undefined : JSON.stringify(input), { 'content-type': 'application/json' });
}

async function wireCall<T>(signingName: string, method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...headers, 'x-gatehouse-csrf': csrfToken(), 'x-gatehouse-service': signingName },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  const parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (!response.ok) {
    const type = String(parsed['__type'] ?? response.headers.get('x-amzn-errortype') ?? parsed['code'] ?? 'Error');
    const error = Object.assign(new Error(String(parsed['message'] ?? parsed['Message'] ?? text)), {
      name: type.slice(type.lastIndexOf('#') + 1).split(':')[0]!,
      $metadata: { httpStatusCode: response.status },
      $response: { headers: { 'x-gatehouse-encoded-authorization-message': response.headers.get('x-gatehouse-encoded-authorization-message') ?? undefined } },
    });
    throw error;
  }
  return parsed as T;
}
