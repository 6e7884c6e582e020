import { request } from 'node:http';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';

/** A console session as a test holds it: the cookie the browser would keep and the page's CSRF token. */
export interface ConsoleSession {
  readonly cookie: string;
  readonly csrf: string;
}

/** An HTTP answer: status, headers, body text. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

/** One raw HTTP request, as a browser would send it. */
export function http(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** A POST to one of the console's JSON endpoints, with the headers its page sends. */
export function consoleApi(endpoint: string, path: string, body: unknown, session?: ConsoleSession): Promise<Answer> {
  return http(
    endpoint,
    'POST',
    `/_gatehouse/console/api/${path}`,
    {
      'content-type': 'application/json',
      'x-gatehouse-csrf': session?.csrf ?? 'signin',
      ...(session !== undefined ? { cookie: session.cookie } : {}),
    },
    JSON.stringify(body),
  );
}

/** The session a successful sign-in answer opened. */
export function sessionOf(answer: Answer): ConsoleSession {
  const setCookie = answer.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)!.split(';')[0]!;
  return { cookie, csrf: answer.json<{ csrf: string }>().csrf };
}

/**
 * SDK clients that call Gatehouse as the console's pages do: no SigV4 signature, the session's
 * cookie and CSRF token instead, and the service's signing name in a header.
 */
export function consoleClients(endpoint: string, session: ConsoleSession, csrf = session.csrf) {
  const signer = {
    sign: async (req: { headers: Record<string, string> }, _identity: unknown, props: { name?: string }) => {
      req.headers['cookie'] = session.cookie;
      req.headers['x-gatehouse-csrf'] = csrf;
      if (props.name !== undefined) req.headers['x-gatehouse-service'] = props.name;
      return req;
    },
  };
  const config = {
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    httpAuthSchemes: [{ schemeId: 'aws.auth#sigv4', identityProvider: () => async () => ({}), signer }],
  } as never;
  return { iam: new IAMClient(config), sts: new STSClient(config), cloudtrail: new CloudTrailClient(config) };
}
