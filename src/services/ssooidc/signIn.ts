import { randomBytes, randomUUID } from 'node:crypto';
import { matchCode, newTotpSeed, otpauthUri, totpStep } from '../../model/index.js';
import type { IdstoreUserRecord, SignInRecord, SignInStage, SsoClientRecord, SsoInstanceRecord, Store } from '../../store/index.js';
import { hashPassword, verifyPassword } from '../shared/index.js';
import { isLoopbackRedirect } from './registerClient.js';
import {
  AUTHORIZATION_CODE,
  CODE_LIFETIME_SECONDS,
  clientAllows,
  newSecret,
  secretHash,
  secretMatches,
  SIGN_IN_LIFETIME_SECONDS,
  startSession,
} from './oidcTokens.js';

/**
 * The sign-in a person goes through on Gatehouse's pages, for an authorization request (the
 * authorization code flow with PKCE) or a device code: user name and password, a new password
 * when the one they have is a one-time password, a TOTP code from their authenticator (or
 * registering one, when the instance requires MFA and they have none), then consent. This module
 * decides each step over the store and says what page comes next and which sign-in events
 * happened; `server/signInPages.ts` serves the pages and records the events.
 *
 * AWS: IAM Identity Center User Guide — "Sign in to the AWS access portal", "Configure MFA"
 * (prompt always, or only when the sign-in context changes; users without a device register one,
 * are blocked, or sign in without), "Understanding IAM Identity Center sign-in events"
 * (CredentialChallenge, CredentialVerification, UserAuthentication with CredentialType PASSWORD,
 * TOTP and DeviceEnrollmentRequired). RFC 6749 §4.1.2.1 and RFC 7636 §4.4.1 for the
 * authorization request's errors: an unknown client or redirect URI is shown to the person, never
 * redirected to; any other error goes back to the client's redirect URI.
 */

/** Failed sign-ins (password or code) a user may have within the window before being locked out. */
export const LOCKOUT_THRESHOLD = 5;
/** The window failed sign-ins are counted in, and how long a lockout lasts. */
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
export const LOCKOUT_SECONDS = 15 * 60;

/** A sign-in event, as CloudTrail records it (`signin.amazonaws.com`). */
export interface SignInEvent {
  readonly name: 'CredentialChallenge' | 'CredentialVerification' | 'UserAuthentication';
  readonly outcome: 'Success' | 'Failure';
  readonly credentialType: string;
  readonly workflowId: string;
  readonly instance: SsoInstanceRecord;
  readonly userName: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/** What comes next on the pages. */
export type SignInPage =
  | { readonly kind: 'password'; readonly signIn: SignInRecord; readonly error?: string; readonly userName?: string }
  | { readonly kind: 'new-password'; readonly signIn: SignInRecord; readonly error?: string }
  | { readonly kind: 'mfa'; readonly signIn: SignInRecord; readonly error?: string }
  | { readonly kind: 'enroll'; readonly signIn: SignInRecord; readonly secret: string; readonly otpauth: string; readonly error?: string }
  | { readonly kind: 'consent'; readonly signIn: SignInRecord; readonly clientName: string; readonly userCode?: string }
  | { readonly kind: 'device-code'; readonly error?: string; readonly userCode?: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'done'; readonly title: string; readonly message: string }
  | { readonly kind: 'error'; readonly status: number; readonly title: string; readonly message: string };

/** A step's outcome: the next page, the events to record, and the sign-in's CSRF secret when it was just made. */
export interface SignInStep {
  readonly page: SignInPage;
  readonly events: SignInEvent[];
  readonly csrfSecret?: string;
}

/** What the steps need: the store (a transaction for those that change it) and the time. */
export interface SignInContext {
  readonly store: Store;
  readonly now: Date;
}

const step = (page: SignInPage, events: SignInEvent[] = [], csrfSecret?: string): SignInStep => ({
  page,
  events,
  ...(csrfSecret !== undefined ? { csrfSecret } : {}),
});
const errorPage = (status: number, title: string, message: string): SignInStep => step({ kind: 'error', status, title, message });

export const EXPIRED_REQUEST = errorPage(
  400,
  'This sign-in request has expired',
  'Sign-in requests last ten minutes. Go back to the application or command line and start again.',
);

/** The parameters of an authorization request (`GET /authorize`). */
export interface AuthorizeRequest {
  readonly response_type?: string;
  readonly client_id?: string;
  readonly redirect_uri?: string;
  readonly state?: string;
  readonly code_challenge?: string;
  readonly code_challenge_method?: string;
  readonly scopes?: string;
  readonly scope?: string;
}

/** RFC 8252 §7.3: a loopback redirect URI matches a registered one whatever its port. */
function registeredRedirect(client: SsoClientRecord, uri: string): boolean {
  if (!isLoopbackRedirect(uri)) return false;
  const withoutPort = (u: string) => {
    const url = new URL(u);
    url.port = '';
    return url.toString();
  };
  return client.redirectUris.some((r) => isLoopbackRedirect(r) && withoutPort(r) === withoutPort(uri));
}

/** The client's redirect URI with OAuth's answer in its query (RFC 6749 §4.1.2). */
export function redirectWith(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

async function newSignIn(
  ctx: SignInContext,
  kind: SignInRecord['kind'],
  instance: SsoInstanceRecord,
  request: Record<string, unknown>,
  lifetimeSeconds: number,
) {
  const csrfSecret = randomBytes(32).toString('base64url');
  const signIn: SignInRecord = {
    signInId: randomBytes(18).toString('base64url'),
    kind,
    instanceId: instance.instanceId,
    csrfHash: secretHash(csrfSecret),
    request,
    stage: 'password',
    userId: null,
    verified: [],
    enrollmentSeedSealed: null,
    workflowId: randomUUID(),
    createdAt: ctx.now.toISOString(),
    expiresAt: new Date(ctx.now.getTime() + lifetimeSeconds * 1000).toISOString(),
  };
  await ctx.store.ssoLogins.createSignIn(signIn);
  return { signIn, csrfSecret };
}

/** `GET /authorize`: checks the request and starts a sign-in for it. */
export async function startAuthorization(ctx: SignInContext, request: AuthorizeRequest): Promise<SignInStep> {
  const client = request.client_id === undefined ? undefined : await ctx.store.ssoLogins.getClient(request.client_id);
  if (client === undefined || Date.parse(client.expiresAt) <= ctx.now.getTime()) {
    return errorPage(400, 'Unknown application', 'The application that sent you here is not registered, or its registration has expired.');
  }
  if (request.redirect_uri === undefined || !registeredRedirect(client, request.redirect_uri)) {
    return errorPage(400, 'Invalid redirect address', 'The application asked to be answered at an address it did not register.');
  }
  const back = (error: string, description: string) =>
    step({ kind: 'redirect', location: redirectWith(request.redirect_uri!, { error, error_description: description, state: request.state }) });
  if (request.response_type !== 'code') return back('unsupported_response_type', 'Only the authorization code flow is supported');
  if (!clientAllows(client, AUTHORIZATION_CODE)) return back('unauthorized_client', 'The client is not registered for the authorization code grant');
  // RFC 7636 §4.4.1: PKCE is required, with the S256 method.
  if (request.code_challenge_method !== 'S256' || request.code_challenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(request.code_challenge)) {
    return back('invalid_request', 'A code_challenge with code_challenge_method S256 is required');
  }
  const instance = client.instanceId === null ? undefined : await ctx.store.ssoInstances.get(client.instanceId);
  if (instance === undefined) return errorPage(400, 'Unknown access portal', 'The application did not say which AWS access portal it signs you in to.');
  const { signIn, csrfSecret } = await newSignIn(
    ctx,
    'authorize',
    instance,
    {
      clientId: client.clientId,
      redirectUri: request.redirect_uri,
      state: request.state ?? null,
      codeChallenge: request.code_challenge,
      scopes: (request.scopes ?? request.scope ?? '').split(' ').filter((s) => s !== ''),
    },
    SIGN_IN_LIFETIME_SECONDS,
  );
  return step({ kind: 'password', signIn }, [], csrfSecret);
}

/** A user code as people type it: any case, with or without the dash, spaces around. */
export function normalizeUserCode(text: string): string {
  const letters = text.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

/** `POST /device`: the person's user code; starts a sign-in for the device that shows it. */
export async function startDeviceVerification(ctx: SignInContext, userCode: string): Promise<SignInStep> {
  const code = normalizeUserCode(userCode);
  const device = await ctx.store.ssoLogins.deviceByUserCode(code);
  if (device === undefined || device.status !== 'PENDING') {
    return step({ kind: 'device-code', userCode, error: 'That code is not valid. Check the code your device shows and try again.' });
  }
  if (Date.parse(device.expiresAt) <= ctx.now.getTime()) {
    return step({ kind: 'device-code', userCode, error: 'That code has expired. Start signing in on your device again to get a new code.' });
  }
  const instance = await ctx.store.ssoInstances.get(device.instanceId);
  if (instance === undefined) return step({ kind: 'device-code', userCode, error: 'That code is not valid.' });
  const lifetime = Math.min(SIGN_IN_LIFETIME_SECONDS, Math.floor((Date.parse(device.expiresAt) - ctx.now.getTime()) / 1000));
  const { signIn, csrfSecret } = await newSignIn(
    ctx,
    'device',
    instance,
    { deviceCodeHash: device.deviceCodeHash, userCode: code, clientId: device.clientId },
    lifetime,
  );
  return step({ kind: 'password', signIn }, [], csrfSecret);
}

/** The live sign-in a form names, when the form's cookie is its own; undefined otherwise. */
export async function openSignIn(ctx: SignInContext, signInId: string, csrfSecret: string | undefined): Promise<SignInRecord | 'expired' | undefined> {
  const signIn = await ctx.store.ssoLogins.getSignIn(signInId);
  if (signIn === undefined || csrfSecret === undefined || !secretMatches(csrfSecret, signIn.csrfHash)) return undefined;
  if (Date.parse(signIn.expiresAt) <= ctx.now.getTime() || signIn.stage === 'done') return 'expired';
  return signIn;
}

/** What a password check found, done before the write transaction (scrypt is slow). */
export interface PasswordCheck {
  readonly user: IdstoreUserRecord | undefined;
  readonly matches: boolean;
}

/** A hash no password matches, verified against for unknown users so that they take as long. */
let decoyHash: Promise<string> | undefined;

/** Checks a user name and password (outside any transaction). */
export async function checkPassword(ctx: SignInContext, signIn: SignInRecord, userName: string, password: string): Promise<PasswordCheck> {
  const instance = await ctx.store.ssoInstances.get(signIn.instanceId);
  const user = instance === undefined ? undefined : await ctx.store.identityStore.userByName(instance.identityStoreId, userName);
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const hash = user?.passwordHash ?? (await decoyHash);
  const matches = (await verifyPassword(password, hash)) && user?.passwordHash !== null && user !== undefined;
  return { user, matches };
}

function event(
  signIn: SignInRecord,
  instance: SsoInstanceRecord,
  userName: string,
  name: SignInEvent['name'],
  credentialType: string,
  outcome: SignInEvent['outcome'],
  extra?: Record<string, string>,
): SignInEvent {
  return { name, outcome, credentialType, workflowId: signIn.workflowId, instance, userName, ...(extra !== undefined ? { extra } : {}) };
}

/** Whether a user is locked out now, and until when. */
export function lockedUntil(user: IdstoreUserRecord, now: Date): Date | undefined {
  if (user.lockedUntil === null) return undefined;
  const until = new Date(user.lockedUntil);
  return until.getTime() > now.getTime() ? until : undefined;
}

export function lockedMessage(until: Date, now: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts: this user is locked out. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
}

/** Counts a failed password or code towards a lockout; returns the lockout it caused, if any. */
async function recordFailure(ctx: SignInContext, user: IdstoreUserRecord): Promise<Date | undefined> {
  const fresh = (await ctx.store.identityStore.getUser(user.identityStoreId, user.userId)) ?? user;
  const inWindow = fresh.firstFailedAt !== null && ctx.now.getTime() - Date.parse(fresh.firstFailedAt) < LOCKOUT_WINDOW_SECONDS * 1000;
  const failedSignIns = inWindow ? fresh.failedSignIns + 1 : 1;
  const firstFailedAt = inWindow ? fresh.firstFailedAt! : ctx.now.toISOString();
  const locked = failedSignIns >= LOCKOUT_THRESHOLD ? new Date(ctx.now.getTime() + LOCKOUT_SECONDS * 1000) : undefined;
  await ctx.store.identityStore.recordSignInFailure(user.identityStoreId, user.userId, {
    failedSignIns: locked === undefined ? failedSignIns : 0,
    firstFailedAt: locked === undefined ? firstFailedAt : ctx.now.toISOString(),
    lockedUntil: locked === undefined ? null : locked.toISOString(),
  });
  return locked;
}

/** Moves a sign-in from `from` to `to` (compare-and-set: a form posted twice moves it once). */
async function advance(
  ctx: SignInContext,
  signIn: SignInRecord,
  from: SignInStage,
  patch: Parameters<Store['ssoLogins']['updateSignIn']>[2],
): Promise<SignInRecord | undefined> {
  if (!(await ctx.store.ssoLogins.updateSignIn(signIn.signInId, from, patch))) return undefined;
  return ctx.store.ssoLogins.getSignIn(signIn.signInId);
}

const BAD_CREDENTIALS = 'Incorrect user name or password.';

/** `POST` of the password form (in a transaction, after `checkPassword`). */
export async function submitPassword(ctx: SignInContext, signIn: SignInRecord, userName: string, check: PasswordCheck): Promise<SignInStep> {
  const instance = (await ctx.store.ssoInstances.get(signIn.instanceId))!;
  const challenge = event(signIn, instance, userName, 'CredentialChallenge', 'PASSWORD', 'Success');
  const failure = event(signIn, instance, userName, 'CredentialVerification', 'PASSWORD', 'Failure');
  const user = check.user;
  if (user !== undefined) {
    const locked = lockedUntil(user, ctx.now);
    if (locked !== undefined) return step({ kind: 'password', signIn, userName, error: lockedMessage(locked, ctx.now) }, [challenge, failure]);
  }
  if (user === undefined || !check.matches) {
    const locked = user === undefined ? undefined : await recordFailure(ctx, user);
    return step({ kind: 'password', signIn, userName, error: locked !== undefined ? lockedMessage(locked, ctx.now) : BAD_CREDENTIALS }, [challenge, failure]);
  }
  await ctx.store.identityStore.clearSignInFailures(user.identityStoreId, user.userId);
  const events = [challenge, event(signIn, instance, userName, 'CredentialVerification', 'PASSWORD', 'Success')];
  if (user.passwordMustChange) {
    const next = await advance(ctx, signIn, 'password', { stage: 'new-password', userId: user.userId, verified: ['PASSWORD'] });
    return next === undefined ? EXPIRED_REQUEST : step({ kind: 'new-password', signIn: next }, events);
  }
  return afterPassword(ctx, signIn, 'password', instance, user, events);
}

/** After the password: MFA as the instance requires it, or consent. */
async function afterPassword(
  ctx: SignInContext,
  signIn: SignInRecord,
  from: SignInStage,
  instance: SsoInstanceRecord,
  user: IdstoreUserRecord,
  events: SignInEvent[],
): Promise<SignInStep> {
  const { mfaMode, noDeviceBehavior } = instance.settings;
  if (mfaMode !== 'DISABLED') {
    const devices = await ctx.store.identityStore.listMfaDevices(instance.identityStoreId, user.userId);
    if (devices.length > 0) {
      const next = await advance(ctx, signIn, from, { stage: 'mfa', userId: user.userId, verified: ['PASSWORD'] });
      if (next === undefined) return EXPIRED_REQUEST;
      return step({ kind: 'mfa', signIn: next }, [...events, event(signIn, instance, user.userName, 'CredentialChallenge', 'TOTP', 'Success')]);
    }
    if (noDeviceBehavior === 'BLOCK') {
      return step(
        {
          kind: 'error',
          status: 403,
          title: 'MFA device required',
          message: 'Your administrator requires an MFA device to sign in, and you have none. Ask your administrator for help.',
        },
        events,
      );
    }
    if (noDeviceBehavior === 'REQUIRE_REGISTRATION') {
      const seed = newTotpSeed();
      const sealed = ctx.store.keyRing.seal(seed, enrollmentAad(signIn.signInId));
      const next = await advance(ctx, signIn, from, { stage: 'enroll', userId: user.userId, verified: ['PASSWORD'], enrollmentSeedSealed: sealed });
      if (next === undefined) return EXPIRED_REQUEST;
      return step({ kind: 'enroll', signIn: next, secret: seed, otpauth: otpauthUri(seed, user.userName, instance.identityStoreId) }, events);
    }
  }
  return authenticated(ctx, signIn, from, instance, user, ['PASSWORD'], events);
}

/** The user is signed in: the UserAuthentication event, then consent. */
async function authenticated(
  ctx: SignInContext,
  signIn: SignInRecord,
  from: SignInStage,
  instance: SsoInstanceRecord,
  user: IdstoreUserRecord,
  verified: readonly string[],
  events: SignInEvent[],
  extra?: Record<string, string>,
): Promise<SignInStep> {
  const next = await advance(ctx, signIn, from, { stage: 'consent', userId: user.userId, verified, enrollmentSeedSealed: null });
  if (next === undefined) return EXPIRED_REQUEST;
  const clientId = String(signIn.request['clientId'] ?? '');
  const client = await ctx.store.ssoLogins.getClient(clientId);
  const done = event(signIn, instance, user.userName, 'UserAuthentication', verified.join(','), 'Success', extra);
  return step(
    {
      kind: 'consent',
      signIn: next,
      clientName: client?.name ?? clientId,
      ...(signIn.kind === 'device' ? { userCode: String(signIn.request['userCode']) } : {}),
    },
    [...events, done],
  );
}

function enrollmentAad(signInId: string): string {
  return `sso-sign-in-mfa-enrollment:${signInId}`;
}

/** AWS: Identity Center passwords are 8–64 characters with an upper and a lower case letter, a number and a non-alphanumeric character. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 64) return 'The password must be 8 to 64 characters long.';
  if (!/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/[0-9]/.test(password) || !/[^A-Za-z0-9]/.test(password)) {
    return 'The password must have an uppercase letter, a lowercase letter, a number and a character that is not a letter or number.';
  }
  return undefined;
}

/** `POST` of the new-password form: the one-time password is replaced. */
export async function submitNewPassword(ctx: SignInContext, signIn: SignInRecord, password: string, confirmation: string, hash: string): Promise<SignInStep> {
  const instance = (await ctx.store.ssoInstances.get(signIn.instanceId))!;
  const user = await ctx.store.identityStore.getUser(instance.identityStoreId, signIn.userId!);
  if (user === undefined) return EXPIRED_REQUEST;
  if (password !== confirmation) return step({ kind: 'new-password', signIn, error: 'The passwords do not match.' });
  const problem = passwordProblem(password);
  if (problem !== undefined) return step({ kind: 'new-password', signIn, error: problem });
  await ctx.store.identityStore.setPassword(instance.identityStoreId, user.userId, hash, false);
  return afterPassword(ctx, signIn, 'new-password', instance, user, []);
}

/** `POST` of the MFA form: a TOTP code of one of the user's devices, each code once. */
export async function submitMfaCode(ctx: SignInContext, signIn: SignInRecord, code: string): Promise<SignInStep> {
  const instance = (await ctx.store.ssoInstances.get(signIn.instanceId))!;
  const user = await ctx.store.identityStore.getUser(instance.identityStoreId, signIn.userId!);
  if (user === undefined) return EXPIRED_REQUEST;
  const locked = lockedUntil(user, ctx.now);
  const failed = event(signIn, instance, user.userName, 'CredentialVerification', 'TOTP', 'Failure');
  if (locked !== undefined) return step({ kind: 'mfa', signIn, error: lockedMessage(locked, ctx.now) }, [failed]);
  const step_ = totpStep(ctx.now);
  for (const device of await ctx.store.identityStore.listMfaDevices(instance.identityStoreId, user.userId)) {
    const seed = await ctx.store.identityStore.mfaSeed(instance.identityStoreId, user.userId, device.deviceId);
    const matched = seed === undefined || !/^\d{6}$/.test(code) ? undefined : matchCode(seed, code, step_, 1, device.lastStep);
    if (matched === undefined || !(await ctx.store.identityStore.recordMfaUse(instance.identityStoreId, user.userId, device.deviceId, matched))) continue;
    await ctx.store.identityStore.clearSignInFailures(instance.identityStoreId, user.userId);
    const ok = event(signIn, instance, user.userName, 'CredentialVerification', 'TOTP', 'Success');
    return authenticated(ctx, signIn, 'mfa', instance, user, ['PASSWORD', 'TOTP'], [ok]);
  }
  const lock = await recordFailure(ctx, user);
  return step(
    {
      kind: 'mfa',
      signIn,
      error: lock !== undefined ? lockedMessage(lock, ctx.now) : 'That code is not valid. Enter the current code from your authenticator app.',
    },
    [failed],
  );
}

/** `POST` of the MFA registration form: the first code of the new authenticator registers it. */
export async function submitEnrollment(ctx: SignInContext, signIn: SignInRecord, code: string): Promise<SignInStep> {
  const instance = (await ctx.store.ssoInstances.get(signIn.instanceId))!;
  const user = await ctx.store.identityStore.getUser(instance.identityStoreId, signIn.userId!);
  if (user === undefined || signIn.enrollmentSeedSealed === null) return EXPIRED_REQUEST;
  const seed = ctx.store.keyRing.open(signIn.enrollmentSeedSealed, enrollmentAad(signIn.signInId));
  const matched = /^\d{6}$/.test(code) ? matchCode(seed, code, totpStep(ctx.now), 1) : undefined;
  if (matched === undefined) {
    return step(
      {
        kind: 'enroll',
        signIn,
        secret: seed,
        otpauth: otpauthUri(seed, user.userName, instance.identityStoreId),
        error: 'That code is not valid. Enter the code your authenticator app shows now.',
      },
      [event(signIn, instance, user.userName, 'CredentialVerification', 'TOTP', 'Failure')],
    );
  }
  await ctx.store.identityStore.addMfaDevice(instance.identityStoreId, user.userId, {
    deviceId: `mfa-${randomBytes(8).toString('hex')}`,
    name: 'Authenticator app',
    seed,
    lastStep: matched,
  });
  return authenticated(ctx, signIn, 'enroll', instance, user, ['PASSWORD', 'TOTP'], [], { DeviceEnrollmentRequired: 'true' });
}

/**
 * `POST` of the consent form. Allowed: an authorization request gets its code (used once, within
 * five minutes, by the client with the verifier of its challenge) and the browser goes back to
 * the client; a device code is approved, and the device's next poll gets its token. Denied: the
 * client is told `access_denied`.
 */
export async function submitConsent(ctx: SignInContext, signIn: SignInRecord, allow: boolean): Promise<SignInStep> {
  const instance = (await ctx.store.ssoInstances.get(signIn.instanceId))!;
  const client = await ctx.store.ssoLogins.getClient(String(signIn.request['clientId']));
  if (client === undefined || signIn.userId === null) return EXPIRED_REQUEST;
  if (!(await ctx.store.ssoLogins.updateSignIn(signIn.signInId, 'consent', { stage: 'done' }))) return EXPIRED_REQUEST;
  if (signIn.kind === 'device') {
    const hash = String(signIn.request['deviceCodeHash']);
    if (!allow) {
      await ctx.store.ssoLogins.updateDevice(hash, 'PENDING', { status: 'DENIED' });
      return step({ kind: 'done', title: 'Request denied', message: 'The device was not given access. You can close this window.' });
    }
    const session = await startSession(ctx.store, ctx.now, { instance, userId: signIn.userId, client, credentialTypes: signIn.verified });
    if (!(await ctx.store.ssoLogins.updateDevice(hash, 'PENDING', { status: 'APPROVED', sessionId: session.sessionId }))) return EXPIRED_REQUEST;
    return step({ kind: 'done', title: 'Request approved', message: 'You can close this window and return to your device.' });
  }
  const redirectUri = String(signIn.request['redirectUri']);
  const state = signIn.request['state'] === null ? undefined : String(signIn.request['state']);
  if (!allow)
    return step({ kind: 'redirect', location: redirectWith(redirectUri, { error: 'access_denied', error_description: 'The user denied the request', state }) });
  const session = await startSession(ctx.store, ctx.now, { instance, userId: signIn.userId, client, credentialTypes: signIn.verified });
  const code = newSecret('', 32);
  await ctx.store.ssoLogins.createCode({
    codeHash: secretHash(code),
    clientId: client.clientId,
    redirectUri,
    codeChallenge: String(signIn.request['codeChallenge']),
    sessionId: session.sessionId,
    createdAt: ctx.now.toISOString(),
    expiresAt: new Date(ctx.now.getTime() + CODE_LIFETIME_SECONDS * 1000).toISOString(),
    usedAt: null,
  });
  return step({ kind: 'redirect', location: redirectWith(redirectUri, { code, state }) });
}
