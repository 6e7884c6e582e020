import { randomBytes, randomUUID } from 'node:crypto';
import { generateRegistrationOptions, verifyRegistrationResponse, type RegistrationResponseJSON } from '@simplewebauthn/server';
import type { AuditSink, DecisionRecord } from '../../audit/index.js';
import { authorize, type PolicySource } from '../../auth/index.js';
import { PARTITION } from '../../model/index.js';
import type { Store } from '../../store/index.js';
import type { Attempt } from './signIn.js';
import type { ReadSession } from './sessions.js';
import { openTransaction, sealTransaction, TRANSACTION_MS } from './signInTransaction.js';
import { decisionRecord } from '../decisionRecord.js';

/** What registering a security key needs from the server. */
export interface SecurityKeyDeps {
  readonly store: Store;
  readonly policies: PolicySource;
  readonly audit: AuditSink;
  readonly region: string;
  readonly clock: () => Date;
  /** IAM's MFADevicesPerUser quota: virtual devices and security keys together. */
  readonly mfaDevicesPerUser: number;
}

/** AWS: IAM's LimitExceeded for the MFADevicesPerUser quota, as EnableMFADevice answers it. */
function quotaExceeded(limit: number): KeyOutcome {
  return { ok: false, status: 409, code: 'LimitExceeded', message: `Cannot exceed quota for MFADevicesPerUser: ${limit}` };
}

/** AWS: an MFA device's name, as the console asks for it: 1 to 64 of `\w+=,.@-`. */
const DEVICE_NAME = /^[\w+=,.@-]{1,64}$/;

/** A step's answer: a body for the page, or a refusal with AWS's wording. */
export type KeyOutcome =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string };

/**
 * Registering a FIDO2 security key or passkey as an MFA device of the signed-in user (IAM has no
 * API for it: AWS registers them from the console). It is authorized by the policy engine as
 * `iam:EnableMFADevice` on the user, as the signed-in principal, and recorded in the audit trail
 * as that principal's EnableMFADevice call; the key then shows in ListMFADevices under its ARN,
 * `arn:aws:iam::<account>:u2f/user/<name>/<device name>-<id>` (`u2f/root/…` for the root user),
 * and DeactivateMFADevice removes it.
 */
export class SecurityKeyRegistration {
  readonly #deps: SecurityKeyDeps;

  constructor(deps: SecurityKeyDeps) {
    this.#deps = deps;
  }

  /** The WebAuthn creation options, and the sealed transaction to send back with the key's answer. */
  async options(session: ReadSession, deviceName: unknown, attempt: Attempt): Promise<KeyOutcome> {
    const now = this.#deps.clock();
    if (typeof deviceName !== 'string' || !DEVICE_NAME.test(deviceName)) {
      return invalid('The device name must be 1 to 64 letters, digits or +=,.@_- characters.');
    }
    const owner = ownerOf(session);
    if (owner === undefined)
      return { ok: false, status: 400, code: 'InvalidUserType', message: 'Only IAM users and the root user can register security keys.' };
    const decision = await this.#decide(session, owner.arn, attempt, now);
    if (!decision.allowed) return decision.refusal;
    const existing = await this.#deps.store.securityKeys.listForOwner(owner.accountId, owner.userName);
    // Refused before the browser asks the person to touch their key; checked again when it is stored.
    const devices = (await this.#deps.store.mfaDevices.listForOwner(owner.accountId, owner.userName)).length + existing.length;
    if (devices >= this.#deps.mfaDevicesPerUser) return quotaExceeded(this.#deps.mfaDevicesPerUser);
    const options = await generateRegistrationOptions({
      rpName: 'Gatehouse',
      rpID: attempt.rpId,
      userName: owner.userName ?? `root (${owner.accountId})`,
      userID: new TextEncoder().encode(session.principal.userId),
      attestationType: 'none',
      excludeCredentials: existing.map((k) => ({ id: k.credentialId, transports: [...k.transports] })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const transaction = sealTransaction(this.#deps.store.keyRing, {
      purpose: 'register-key',
      accountId: owner.accountId,
      userName: owner.userName,
      signInName: owner.accountId,
      challenge: options.challenge,
      deviceName,
      sessionKey: session.record.idHash,
      expiresAt: now.getTime() + TRANSACTION_MS,
    });
    return { ok: true, body: { options, transaction } };
  }

  /** Verifies the authenticator's answer and registers the key. */
  async register(session: ReadSession, transactionText: unknown, response: RegistrationResponseJSON, attempt: Attempt): Promise<KeyOutcome> {
    const now = this.#deps.clock();
    const transaction = openTransaction(this.#deps.store.keyRing, transactionText, now);
    if (transaction === undefined || transaction.purpose !== 'register-key' || transaction.sessionKey !== session.record.idHash) {
      return invalid('The registration took too long. Start again.');
    }
    const owner = ownerOf(session)!;
    const decision = await this.#decide(session, owner.arn, attempt, now);
    if (!decision.allowed) return decision.refusal;
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: transaction.challenge!,
        expectedOrigin: attempt.origin,
        expectedRPID: attempt.rpId,
        requireUserVerification: false,
      });
    } catch (err) {
      return invalid(`The security key's answer was not accepted: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!verified.verified) return invalid("The security key's answer was not accepted.");
    const { credential } = verified.registrationInfo;
    const suffix = base32(randomBytes(20)).slice(0, 26);
    const owned = owner.userName === null ? 'root' : `user/${owner.userName}`;
    const serialNumber = `arn:${PARTITION}:iam::${owner.accountId}:u2f/${owned}/${transaction.deviceName}-${suffix}`;
    const key = {
      credentialId: credential.id,
      serialNumber,
      accountId: owner.accountId,
      userName: owner.userName,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports ?? [],
      enableDate: now.toISOString(),
    };
    const limit = this.#deps.mfaDevicesPerUser;
    const registered = await this.#deps.store.transaction(async (tx) => {
      const total =
        (await tx.mfaDevices.listForOwner(owner.accountId, owner.userName)).length +
        (await tx.securityKeys.listForOwner(owner.accountId, owner.userName)).length;
      if (total >= limit) return false;
      await tx.securityKeys.create(key);
      if (!this.#deps.audit.disabled) {
        await this.#deps.audit.recordInTransaction(
          tx,
          {
            principal: session.principal,
            service: 'iam',
            operation: 'EnableMFADevice',
            region: this.#deps.region,
            sourceIp: attempt.sourceIp,
            userAgent: attempt.userAgent,
            requestId: randomUUID(),
            time: now,
            readOnly: false,
            input: { ...(owner.userName !== null ? { UserName: owner.userName } : {}), SerialNumber: serialNumber },
            output: {},
          },
          decision.record,
        );
      }
      return true;
    });
    this.#deps.audit.committed();
    if (!registered) return quotaExceeded(limit);
    return { ok: true, body: { serialNumber, enableDate: key.enableDate } };
  }

  /** The engine's decision on `iam:EnableMFADevice` for the owner, as the signed-in principal: its record, and the refusal when denied. */
  async #decide(
    session: ReadSession,
    ownerArn: string,
    attempt: Attempt,
    now: Date,
  ): Promise<{ allowed: true; record: DecisionRecord } | { allowed: false; refusal: KeyOutcome }> {
    const facts = {
      now,
      sourceIp: attempt.sourceIp,
      secureTransport: attempt.origin.startsWith('https:'),
      userAgent: attempt.userAgent,
      region: this.#deps.region,
    };
    const outcome = await authorize(session.principal, [{ action: 'iam:EnableMFADevice', resource: ownerArn }], facts, this.#deps.policies);
    if (!outcome.allowed) return { allowed: false, refusal: { ok: false, status: 403, code: 'AccessDenied', message: outcome.message ?? 'Access Denied' } };
    return {
      allowed: true,
      record: decisionRecord(outcome),
    };
  }
}

function ownerOf(session: ReadSession): { accountId: string; userName: string | null; arn: string } | undefined {
  const p = session.principal;
  if (p.type === 'Root') return { accountId: p.accountId, userName: null, arn: p.arn };
  if (p.type === 'IAMUser' && p.userName !== undefined) return { accountId: p.accountId, userName: p.userName, arn: p.arn };
  return undefined;
}

function invalid(message: string): KeyOutcome {
  return { ok: false, status: 400, code: 'InvalidInput', message };
}

/** RFC 4648 base32 without padding (AWS's device IDs are upper-case letters and digits 2–7). */
function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
