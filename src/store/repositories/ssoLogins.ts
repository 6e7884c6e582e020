import type { Selectable } from 'kysely';
import type { SsoDeviceAuthorizationsTable, SsoSessionsTable, SsoSignInsTable } from './identityCenterTables.js';
import type { RepositoryContext } from './context.js';

/**
 * The login service's state: registered OAuth clients, device authorizations, people's way
 * through the sign-in pages, authorization codes, signed-in sessions and their tokens. Every
 * secret (client secret, device code, authorization code, token) is stored as the SHA-256 of the
 * random value the client holds, never the value.
 */

export interface SsoClientRecord {
  readonly clientId: string;
  readonly secretHash: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  /** The instance the client registered for (RegisterClient's `issuerUrl`); null when it named none. */
  readonly instanceId: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

export interface DeviceAuthorizationRecord {
  readonly deviceCodeHash: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly instanceId: string;
  readonly intervalSeconds: number;
  readonly lastPollAt: string | null;
  /** PENDING until the person approves (APPROVED) or denies (DENIED); CONSUMED once a token is made. */
  readonly status: 'PENDING' | 'APPROVED' | 'DENIED' | 'CONSUMED';
  readonly sessionId: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface DevicePatch {
  lastPollAt?: string;
  intervalSeconds?: number;
  status?: DeviceAuthorizationRecord['status'];
  sessionId?: string;
}

/** Where a person is on the sign-in pages. */
export type SignInStage = 'password' | 'new-password' | 'mfa' | 'enroll' | 'consent' | 'done';

export interface SignInRecord {
  readonly signInId: string;
  /** `authorize`: an authorization request (PKCE); `device`: a device code's verification. */
  readonly kind: 'authorize' | 'device';
  readonly instanceId: string;
  readonly csrfHash: string;
  /** The request being signed in for (client, redirect URI, state, code challenge, scopes; or the user code). */
  readonly request: Readonly<Record<string, unknown>>;
  readonly stage: SignInStage;
  readonly userId: string | null;
  /** The credential types verified so far (`PASSWORD`, `TOTP`, `EXTERNAL_IDP`), in order. */
  readonly verified: readonly string[];
  readonly enrollmentSeedSealed: string | null;
  /** CloudTrail's `AuthWorkflowID`: one per sign-in. */
  readonly workflowId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface SignInPatch {
  stage?: SignInStage;
  userId?: string | null;
  verified?: readonly string[];
  enrollmentSeedSealed?: string | null;
}

export interface AuthorizationCodeRecord {
  readonly codeHash: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly sessionId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
}

export interface SsoSessionRecord {
  readonly sessionId: string;
  readonly instanceId: string;
  readonly userId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** What the person signed in with (`PASSWORD,TOTP`). */
  readonly credentialTypes: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export interface SsoTokenRecord {
  readonly tokenHash: string;
  /** A public ID of the token (CloudTrail's `credentialId`). */
  readonly tokenId: string;
  readonly kind: 'access' | 'refresh';
  readonly sessionId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** A refresh token is used once: set when it was exchanged. */
  readonly usedAt: string | null;
}

export interface SsoLoginsRepository {
  createClient(client: SsoClientRecord): Promise<void>;
  getClient(clientId: string): Promise<SsoClientRecord | undefined>;

  createDevice(device: DeviceAuthorizationRecord): Promise<void>;
  deviceByCode(deviceCodeHash: string): Promise<DeviceAuthorizationRecord | undefined>;
  deviceByUserCode(userCode: string): Promise<DeviceAuthorizationRecord | undefined>;
  /** Applies the patch when the device is still in status `from` (compare-and-set); returns whether it did. */
  updateDevice(deviceCodeHash: string, from: DeviceAuthorizationRecord['status'], patch: DevicePatch): Promise<boolean>;

  createSignIn(signIn: SignInRecord): Promise<void>;
  getSignIn(signInId: string): Promise<SignInRecord | undefined>;
  /** Applies the patch when the sign-in is still at stage `from` (compare-and-set); returns whether it did. */
  updateSignIn(signInId: string, from: SignInStage, patch: SignInPatch): Promise<boolean>;

  createCode(code: AuthorizationCodeRecord): Promise<void>;
  getCode(codeHash: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Marks an unused code used; returns false when it was used already. */
  useCode(codeHash: string, at: string): Promise<boolean>;

  createSession(session: SsoSessionRecord): Promise<void>;
  getSession(sessionId: string): Promise<SsoSessionRecord | undefined>;
  revokeSession(sessionId: string, at: string): Promise<void>;

  createToken(token: SsoTokenRecord): Promise<void>;
  getToken(tokenHash: string): Promise<SsoTokenRecord | undefined>;
  /** Marks an unused token used; returns false when it was used already. */
  useToken(tokenHash: string, at: string): Promise<boolean>;
  /** Deletes what expired before `before` (sign-ins, device authorizations, codes, tokens, clients). */
  purgeExpired(before: string): Promise<void>;
}

const json = (text: string) => JSON.parse(text) as string[];

function deviceRecord(r: Selectable<SsoDeviceAuthorizationsTable>): DeviceAuthorizationRecord {
  return {
    deviceCodeHash: r.device_code_hash,
    userCode: r.user_code,
    clientId: r.client_id,
    instanceId: r.instance_id,
    intervalSeconds: Number(r.interval_seconds),
    lastPollAt: r.last_poll_at,
    status: r.status as DeviceAuthorizationRecord['status'],
    sessionId: r.session_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

function signInRecord(r: Selectable<SsoSignInsTable>): SignInRecord {
  return {
    signInId: r.sign_in_id,
    kind: r.kind as SignInRecord['kind'],
    instanceId: r.instance_id,
    csrfHash: r.csrf_hash,
    request: JSON.parse(r.request) as Record<string, unknown>,
    stage: r.stage as SignInStage,
    userId: r.user_id,
    verified: r.verified === '' ? [] : r.verified.split(','),
    enrollmentSeedSealed: r.enrollment_seed_sealed,
    workflowId: r.workflow_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
}

function sessionRecord(r: Selectable<SsoSessionsTable>): SsoSessionRecord {
  return {
    sessionId: r.session_id,
    instanceId: r.instance_id,
    userId: r.user_id,
    clientId: r.client_id,
    scopes: json(r.scopes),
    credentialTypes: r.credential_types,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

/** The login service's state over one database handle. */
export function ssoLoginsRepository({ db }: RepositoryContext): SsoLoginsRepository {
  return {
    async createClient(c) {
      await db
        .insertInto('sso_clients')
        .values({
          client_id: c.clientId,
          secret_hash: c.secretHash,
          name: c.name,
          scopes: JSON.stringify(c.scopes),
          grant_types: JSON.stringify(c.grantTypes),
          redirect_uris: JSON.stringify(c.redirectUris),
          instance_id: c.instanceId,
          issued_at: c.issuedAt,
          expires_at: c.expiresAt,
        })
        .execute();
    },
    async getClient(clientId) {
      const r = await db.selectFrom('sso_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        clientId: r.client_id,
        secretHash: r.secret_hash,
        name: r.name,
        scopes: json(r.scopes),
        grantTypes: json(r.grant_types),
        redirectUris: json(r.redirect_uris),
        instanceId: r.instance_id,
        issuedAt: r.issued_at,
        expiresAt: r.expires_at,
      };
    },

    async createDevice(d) {
      await db
        .insertInto('sso_device_authorizations')
        .values({
          device_code_hash: d.deviceCodeHash,
          user_code: d.userCode,
          client_id: d.clientId,
          instance_id: d.instanceId,
          interval_seconds: d.intervalSeconds,
          last_poll_at: d.lastPollAt,
          status: d.status,
          session_id: d.sessionId,
          created_at: d.createdAt,
          expires_at: d.expiresAt,
        })
        .execute();
    },
    async deviceByCode(hash) {
      const r = await db.selectFrom('sso_device_authorizations').selectAll().where('device_code_hash', '=', hash).executeTakeFirst();
      return r === undefined ? undefined : deviceRecord(r);
    },
    async deviceByUserCode(userCode) {
      const r = await db.selectFrom('sso_device_authorizations').selectAll().where('user_code', '=', userCode).executeTakeFirst();
      return r === undefined ? undefined : deviceRecord(r);
    },
    async updateDevice(hash, from, patch) {
      const values: Partial<SsoDeviceAuthorizationsTable> = {};
      if (patch.lastPollAt !== undefined) values.last_poll_at = patch.lastPollAt;
      if (patch.intervalSeconds !== undefined) values.interval_seconds = patch.intervalSeconds;
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.sessionId !== undefined) values.session_id = patch.sessionId;
      const result = await db
        .updateTable('sso_device_authorizations')
        .set(values)
        .where('device_code_hash', '=', hash)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async createSignIn(s) {
      await db
        .insertInto('sso_sign_ins')
        .values({
          sign_in_id: s.signInId,
          kind: s.kind,
          instance_id: s.instanceId,
          csrf_hash: s.csrfHash,
          request: JSON.stringify(s.request),
          stage: s.stage,
          user_id: s.userId,
          verified: s.verified.join(','),
          enrollment_seed_sealed: s.enrollmentSeedSealed,
          workflow_id: s.workflowId,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
        })
        .execute();
    },
    async getSignIn(signInId) {
      const r = await db.selectFrom('sso_sign_ins').selectAll().where('sign_in_id', '=', signInId).executeTakeFirst();
      return r === undefined ? undefined : signInRecord(r);
    },
    async updateSignIn(signInId, from, patch) {
      const values: Partial<SsoSignInsTable> = {};
      if (patch.stage !== undefined) values.stage = patch.stage;
      if (patch.userId !== undefined) values.user_id = patch.userId;
      if (patch.verified !== undefined) values.verified = patch.verified.join(',');
      if (patch.enrollmentSeedSealed !== undefined) values.enrollment_seed_sealed = patch.enrollmentSeedSealed;
      const result = await db.updateTable('sso_sign_ins').set(values).where('sign_in_id', '=', signInId).where('stage', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async createCode(c) {
      await db
        .insertInto('sso_authorization_codes')
        .values({
          code_hash: c.codeHash,
          client_id: c.clientId,
          redirect_uri: c.redirectUri,
          code_challenge: c.codeChallenge,
          session_id: c.sessionId,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
          used_at: c.usedAt,
        })
        .execute();
    },
    async getCode(hash) {
      const r = await db.selectFrom('sso_authorization_codes').selectAll().where('code_hash', '=', hash).executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        codeHash: r.code_hash,
        clientId: r.client_id,
        redirectUri: r.redirect_uri,
        codeChallenge: r.code_challenge,
        sessionId: r.session_id,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
      };
    },
    async useCode(hash, at) {
      const result = await db
        .updateTable('sso_authorization_codes')
        .set({ used_at: at })
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async createSession(s) {
      await db
        .insertInto('sso_sessions')
        .values({
          session_id: s.sessionId,
          instance_id: s.instanceId,
          user_id: s.userId,
          client_id: s.clientId,
          scopes: JSON.stringify(s.scopes),
          credential_types: s.credentialTypes,
          created_at: s.createdAt,
          expires_at: s.expiresAt,
          revoked_at: s.revokedAt,
        })
        .execute();
    },
    async getSession(sessionId) {
      const r = await db.selectFrom('sso_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
      return r === undefined ? undefined : sessionRecord(r);
    },
    async revokeSession(sessionId, at) {
      await db.updateTable('sso_sessions').set({ revoked_at: at }).where('session_id', '=', sessionId).where('revoked_at', 'is', null).execute();
    },

    async createToken(t) {
      await db
        .insertInto('sso_tokens')
        .values({
          token_hash: t.tokenHash,
          token_id: t.tokenId,
          kind: t.kind,
          session_id: t.sessionId,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          used_at: t.usedAt,
        })
        .execute();
    },
    async getToken(hash) {
      const r = await db.selectFrom('sso_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
      if (r === undefined) return undefined;
      return {
        tokenHash: r.token_hash,
        tokenId: r.token_id,
        kind: r.kind as SsoTokenRecord['kind'],
        sessionId: r.session_id,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        usedAt: r.used_at,
      };
    },
    async useToken(hash, at) {
      const result = await db.updateTable('sso_tokens').set({ used_at: at }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async purgeExpired(before) {
      await db.deleteFrom('sso_sign_ins').where('expires_at', '<', before).execute();
      await db.deleteFrom('sso_device_authorizations').where('expires_at', '<', before).execute();
      await db.deleteFrom('sso_authorization_codes').where('expires_at', '<', before).execute();
      await db.deleteFrom('sso_tokens').where('expires_at', '<', before).execute();
      await db.deleteFrom('sso_clients').where('expires_at', '<', before).execute();
    },
  };
}
