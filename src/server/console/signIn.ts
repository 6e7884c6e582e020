import { randomUUID } from 'node:crypto';
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AuditSink, SignInFacts, UserIdentity } from '../../audit/index.js';
import type { SessionClaims } from '../../auth/index.js';
import { rootArn } from '../../model/index.js';
import { verifyMfaCode } from '../../services/shared/index.js';
import { passwordExpiry, readPasswordPolicy, verifyPassword } from '../../services/iam/index.js';
import type { Store } from '../../store/index.js';
import { ROOT_SESSION_SECONDS, USER_SESSION_SECONDS, type ConsoleSessions, type IssuedSession } from './sessions.js';
import { openTransaction, sealTransaction, TRANSACTION_MS, type SignInTransaction } from './signInTransaction.js';
import { throttleKeys, type SignInThrottle, type ThrottleKeys } from './throttle.js';

/** What the sign-in flows need from the server. */
export interface SignInDeps {
  readonly store: Store;
  readonly sessions: ConsoleSessions;
  readonly throttle: SignInThrottle;
  readonly audit: AuditSink;
  readonly region: string;
  readonly clock: () => Date;
}

/** Facts about the browser's request. */
export interface Attempt {
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The console's origin as the browser sees it (`http://localhost:4747`): WebAuthn's expected origin. */
  readonly origin: string;
  /** WebAuthn's relying party ID: the origin's host name. */
  readonly rpId: string;
}

/** The first step: a password, for the root user (by email) or an IAM user (by account ID or alias). */
export type PasswordStep =
  | { readonly kind: 'root'; readonly email: string; readonly password: string }
  | { readonly kind: 'iam'; readonly account: string; readonly userName: string; readonly password: string };

/** The second step: a code of a virtual MFA device, or a security key's answer. */
export interface MfaStep {
  readonly transaction: string;
  readonly code?: string;
  readonly assertion?: AuthenticationResponseJSON;
}

/** Where a sign-in step leaves the person. */
export type SignInOutcome =
  | { readonly status: 'signed-in'; readonly session: IssuedSession; readonly passwordChange: boolean }
  | { readonly status: 'mfa'; readonly transaction: string; readonly totp: boolean; readonly securityKey?: unknown }
  | { readonly status: 'refused'; readonly httpStatus: 401 | 403 | 429; readonly message: string };

/** AWS's sign-in page's wording for any wrong name, password or code (it never says which). */
export const INCORRECT = 'Your authentication information is incorrect. Please try again.';
/** AWS: with HardExpiry, an expired password cannot be changed at sign-in; an administrator must reset it. */
export const HARD_EXPIRED = 'Your password has expired and the account password policy does not let you change it. Ask your administrator to reset it.';
/** AWS: CloudTrail shows this user name for a failed sign-in of a name that is not an IAM user. */
export const HIDDEN_USER_NAME = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** A hash to verify against when no password exists, so that an unknown name costs as much time as a wrong password. */
const UNKNOWN_PASSWORD_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Who is signing in, once the name resolved. */
interface Candidate {
  readonly accountId: string;
  /** null: the root user. */
  readonly userName: string | null;
  readonly userId: string;
  readonly arn: string;
  readonly identity: UserIdentity;
}

/** Console sign-in: the password step, the MFA step, and completing a sign-in into a session. */
export class SignIn {
  readonly #deps: SignInDeps;

  constructor(deps: SignInDeps) {
    this.#deps = deps;
  }

  /** Checks a password; answers a session, or the MFA step, or a refusal. */
  async password(step: PasswordStep, attempt: Attempt): Promise<SignInOutcome> {
    const now = this.#deps.clock();
    const signInName = step.kind === 'root' ? step.email.trim() : step.account.trim();
    const keys = throttleKeys(signInName, step.kind === 'root' ? null : step.userName, attempt.sourceIp);
    const wait = await this.#deps.throttle.refusal(keys, now);
    if (wait !== undefined) return tooMany(wait);

    const found = step.kind === 'root' ? await this.#root(step.email) : await this.#iamUser(step.account, step.userName);
    const hash = found?.passwordHash ?? UNKNOWN_PASSWORD_HASH;
    const matches = (await verifyPassword(step.password, hash)) && found?.passwordHash !== undefined;
    if (!matches || found === undefined) {
      await this.#fail(keys, found?.candidate ?? found?.hidden, attempt, now, false);
      return { status: 'refused', httpStatus: 401, message: INCORRECT };
    }
    const candidate = found.candidate!;
    const devices = await this.#mfaDevices(candidate);
    if (devices.totp.length === 0 && devices.keys.length === 0) return this.#complete(candidate, keys, attempt, now, undefined);

    const transaction: SignInTransaction = {
      purpose: 'mfa',
      accountId: candidate.accountId,
      userName: candidate.userName,
      signInName,
      expiresAt: now.getTime() + TRANSACTION_MS,
    };
    let securityKey: unknown;
    if (devices.keys.length > 0) {
      const options = await generateAuthenticationOptions({
        rpID: attempt.rpId,
        allowCredentials: devices.keys.map((k) => ({ id: k.credentialId, transports: [...k.transports] })),
        userVerification: 'discouraged',
      });
      securityKey = options;
      Object.assign(transaction, { challenge: options.challenge });
    }
    return {
      status: 'mfa',
      transaction: sealTransaction(this.#deps.store.keyRing, transaction),
      totp: devices.totp.length > 0,
      ...(securityKey !== undefined ? { securityKey } : {}),
    };
  }

  /** Checks the MFA step of a sign-in whose password was right. */
  async mfa(step: MfaStep, attempt: Attempt): Promise<SignInOutcome> {
    const now = this.#deps.clock();
    const transaction = openTransaction(this.#deps.store.keyRing, step.transaction, now);
    if (transaction === undefined || transaction.purpose !== 'mfa') {
      return { status: 'refused', httpStatus: 401, message: 'Your sign-in took too long. Sign in again.' };
    }
    const keys = throttleKeys(transaction.signInName, transaction.userName, attempt.sourceIp);
    const wait = await this.#deps.throttle.refusal(keys, now);
    if (wait !== undefined) return tooMany(wait);
    const candidate = await this.#candidate(transaction.accountId, transaction.userName);
    if (candidate === undefined) return { status: 'refused', httpStatus: 401, message: INCORRECT };
    const devices = await this.#mfaDevices(candidate);

    let used: string | undefined;
    if (step.assertion !== undefined && transaction.challenge !== undefined) {
      const key = devices.keys.find((k) => k.credentialId === step.assertion!.id);
      if (key !== undefined) {
        try {
          const result = await verifyAuthenticationResponse({
            response: step.assertion,
            expectedChallenge: transaction.challenge,
            expectedOrigin: attempt.origin,
            expectedRPID: attempt.rpId,
            credential: {
              id: key.credentialId,
              publicKey: Buffer.from(key.publicKey, 'base64url'),
              counter: key.signCount,
              transports: [...key.transports] as never,
            },
            requireUserVerification: false,
          });
          if (result.verified) {
            await this.#deps.store.securityKeys.updateSignCount(key.credentialId, result.authenticationInfo.newCounter);
            used = key.serialNumber;
          }
        } catch {
          used = undefined;
        }
      }
    } else if (typeof step.code === 'string') {
      for (const device of devices.totp) {
        // Each code is accepted once (the device remembers its last accepted step).
        const verified = await this.#deps.store.transaction((tx) => verifyMfaCode(tx, device.serialNumber, step.code!.trim(), now));
        if (verified !== undefined) {
          used = device.serialNumber;
          break;
        }
      }
    }
    if (used === undefined) {
      await this.#fail(keys, candidate, attempt, now, true);
      return { status: 'refused', httpStatus: 401, message: INCORRECT };
    }
    return this.#complete(candidate, keys, attempt, now, used);
  }

  /**
   * Opens a console session for a proven candidate. AWS: a password past the policy's
   * MaxPasswordAge, or marked for reset (`PasswordResetRequired`), must be changed at sign-in;
   * with `HardExpiry` an expired one cannot be, and the sign-in fails.
   */
  async #complete(candidate: Candidate, keys: ThrottleKeys, attempt: Attempt, now: Date, mfaDevice: string | undefined): Promise<SignInOutcome> {
    const { store } = this.#deps;
    let passwordChange = false;
    if (candidate.userName !== null) {
      const profile = await store.loginProfiles.get(candidate.accountId, candidate.userName);
      const policy = await readPasswordPolicy(store, candidate.accountId);
      const expiry = profile === undefined ? undefined : passwordExpiry(policy, profile.passwordChangedAt);
      const expired = expiry !== undefined && expiry <= now;
      if (expired && policy?.HardExpiry === true) {
        await this.#fail(keys, candidate, attempt, now, mfaDevice !== undefined);
        return { status: 'refused', httpStatus: 403, message: HARD_EXPIRED };
      }
      passwordChange = expired || profile?.passwordResetRequired === true;
    }
    const principal = await this.#principalClaims(candidate);
    const session = await store.transaction(async (tx) => {
      const issued = await this.#deps.sessions.issue(
        {
          principal,
          durationSeconds: candidate.userName === null ? ROOT_SESSION_SECONDS : USER_SESSION_SECONDS,
          ...(mfaDevice !== undefined ? { mfaAuthenticatedAt: now } : {}),
          kind: passwordChange ? 'password-change' : 'active',
        },
        now,
        tx,
      );
      await this.#deps.throttle.succeeded(tx, keys);
      if (candidate.userName !== null) await tx.users.recordPasswordUse(candidate.accountId, candidate.userName, now.toISOString());
      await this.#record(tx, candidate.identity, attempt, now, { result: 'Success', mfaDevice });
      return issued;
    });
    this.#deps.audit.committed();
    return { status: 'signed-in', session, passwordChange };
  }

  /** Records a failed attempt (when the account is known) and counts it against the throttle. */
  async #fail(keys: ThrottleKeys, candidate: Pick<Candidate, 'identity'> | undefined, attempt: Attempt, now: Date, mfaUsed: boolean): Promise<void> {
    await this.#deps.store.transaction(async (tx) => {
      await this.#deps.throttle.failed(tx, keys, now);
      if (candidate !== undefined) await this.#record(tx, candidate.identity, attempt, now, { result: 'Failure', mfaUsed });
    });
    this.#deps.audit.committed();
  }

  async #record(
    tx: Store,
    identity: UserIdentity,
    attempt: Attempt,
    now: Date,
    outcome: { result: 'Success' | 'Failure'; mfaDevice?: string | undefined; mfaUsed?: boolean },
  ): Promise<void> {
    if (this.#deps.audit.disabled) return;
    const signIn: SignInFacts = {
      result: outcome.result,
      identity,
      loginTo: `${attempt.origin}/console/`,
      mfaUsed: outcome.mfaDevice !== undefined || outcome.mfaUsed === true,
      ...(outcome.mfaDevice !== undefined ? { mfaIdentifier: outcome.mfaDevice } : {}),
    };
    await this.#deps.audit.recordInTransaction(tx, {
      service: 'signin',
      operation: 'ConsoleLogin',
      region: this.#deps.region,
      sourceIp: attempt.sourceIp,
      userAgent: attempt.userAgent,
      requestId: randomUUID(),
      time: now,
      readOnly: false,
      signIn,
    });
  }

  /** The root user of the account with this email address, and its password hash. */
  async #root(email: string): Promise<Found | undefined> {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return undefined;
    const account = (await this.#deps.store.accounts.list()).find((a) => a.email?.toLowerCase() === wanted && a.status === 'ACTIVE');
    if (account === undefined) return undefined;
    const candidate = rootCandidate(account.id);
    const password = await this.#deps.store.rootPasswords.get(account.id);
    return { candidate, ...(password !== undefined ? { passwordHash: password.passwordHash } : {}) };
  }

  /** The IAM user of the account (by ID or alias) and name, and its login profile's hash. */
  async #iamUser(account: string, userName: string): Promise<Found | undefined> {
    const accountId = await this.#accountId(account.trim());
    if (accountId === undefined) return undefined;
    const candidate = await this.#candidate(accountId, userName.trim());
    if (candidate === undefined) {
      return { hidden: { identity: { type: 'IAMUser', principalId: '', accountId, accessKeyId: '', userName: HIDDEN_USER_NAME } } };
    }
    const profile = await this.#deps.store.loginProfiles.get(accountId, candidate.userName!);
    return { candidate, ...(profile !== undefined ? { passwordHash: profile.passwordHash } : {}) };
  }

  async #accountId(account: string): Promise<string | undefined> {
    const { store } = this.#deps;
    const id = /^\d{12}$/.test(account) ? account : await store.accountAliases.owner(account.toLowerCase());
    if (id === undefined) return undefined;
    const record = await store.accounts.get(id);
    return record?.status === 'ACTIVE' ? id : undefined;
  }

  async #candidate(accountId: string, userName: string | null): Promise<Candidate | undefined> {
    if (userName === null) return rootCandidate(accountId);
    if (userName === '') return undefined;
    const user = await this.#deps.store.users.get(accountId, userName);
    if (user === undefined) return undefined;
    return {
      accountId,
      userName: user.name,
      userId: user.userId,
      arn: user.arn,
      identity: { type: 'IAMUser', principalId: user.userId, arn: user.arn, accountId, userName: user.name },
    };
  }

  async #mfaDevices(candidate: Candidate) {
    const { store } = this.#deps;
    const totp = (await store.mfaDevices.listForOwner(candidate.accountId, candidate.userName)).filter((d) => d.enableDate !== null);
    const keys = await store.securityKeys.listForOwner(candidate.accountId, candidate.userName);
    return { totp, keys };
  }

  async #principalClaims(candidate: Candidate): Promise<SessionClaims['principal']> {
    if (candidate.userName === null) {
      return { type: 'Root', accountId: candidate.accountId, arn: candidate.arn, userId: candidate.userId };
    }
    const tags = await this.#deps.store.tags.list(candidate.accountId, 'user', candidate.userId);
    return {
      type: 'IAMUser',
      accountId: candidate.accountId,
      arn: candidate.arn,
      userId: candidate.userId,
      userName: candidate.userName,
      ...(tags.length > 0 ? { tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])) } : {}),
    };
  }
}

interface Found {
  readonly candidate?: Candidate;
  /** A failure's identity when the name is not a user. */
  readonly hidden?: Pick<Candidate, 'identity'>;
  readonly passwordHash?: string;
}

function rootCandidate(accountId: string): Candidate {
  const arn = rootArn(accountId);
  return { accountId, userName: null, userId: accountId, arn, identity: { type: 'Root', principalId: accountId, arn, accountId, accessKeyId: '' } };
}

function tooMany(seconds: number): SignInOutcome {
  const minutes = Math.ceil(seconds / 60);
  return {
    status: 'refused',
    httpStatus: 429,
    message: `Too many failed sign-in attempts. Wait ${minutes} minutes and try again.`,
  };
}
