/**
 * The console's own endpoints (sign-in, session, sign-out, security keys). The session cookie is
 * HttpOnly: the page never sees it. The page keeps only the session's CSRF token, in memory (never
 * in storage or a URL), and sends it with every call.
 */

export interface Principal {
  readonly type: 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | string;
  readonly arn: string;
  readonly accountId: string;
  readonly userId: string;
  readonly userName?: string;
  readonly roleArn?: string;
  readonly mfa: boolean;
}

export interface SessionInfo {
  readonly csrf: string;
  readonly state: 'active' | 'password-change';
  readonly expiresAt: string;
  readonly principal: Principal;
  readonly accountAlias?: string;
}

let csrf: string | undefined;

/** The CSRF token of the current session ('signin' before there is one). */
export function csrfToken(): string {
  return csrf ?? 'signin';
}

export function setCsrf(token: string | undefined): void {
  csrf = token;
}

const API = '/_gatehouse/console/api';

/** The signed-in session, or undefined when nobody is signed in. */
export async function loadSession(): Promise<SessionInfo | undefined> {
  const response = await fetch(`${API}/session`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) {
    csrf = undefined;
    return undefined;
  }
  if (!response.ok) throw new Error(`Gatehouse answered ${response.status} when asked who is signed in.`);
  const info = (await response.json()) as SessionInfo;
  csrf = info.csrf;
  return info;
}

/** A POST to one of the console's JSON endpoints. */
export async function postJson<T = Record<string, unknown>>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${API}/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-gatehouse-csrf': csrfToken() },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = { message: text };
  }
  return { status: response.status, body: parsed as T };
}

export async function signOut(): Promise<void> {
  await postJson('signout', {});
  csrf = undefined;
}
