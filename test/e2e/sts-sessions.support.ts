import assert from 'node:assert/strict';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { HOTP, Secret } from 'otpauth';
import { authorize } from '../../src/auth/authorize.js';
import { storePolicyGatherer } from '../../src/auth/storePolicyReader.js';
import { openSessionToken, principalFromClaims } from '../../src/auth/sessionToken.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/gatehouse.js';

/** Credentials as the SDK clients take them. */
export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * A test server with a controllable clock (frozen 5 s into a TOTP step, close to real time so
 * SigV4 accepts requests) and helpers to set up users, roles and MFA devices through IAM.
 */
export class StsFixture {
  now = new Date(Math.floor(Date.now() / 30_000) * 30_000 + 5_000);
  server!: TestServer;
  root!: IAMClient;

  async start(): Promise<void> {
    this.server = await startTestServer({ clock: () => this.now });
    this.root = this.iam(this.server.credentials);
  }

  async stop(): Promise<void> {
    this.#sources?.close();
    await this.server.stop();
  }

  #sources: ReturnType<typeof storePolicyGatherer> | undefined;

  /**
   * Authorizes `action` on `*` for the session a token stands for, exactly as the pipeline does
   * (the same policy sources over the server's store), without going through a service.
   */
  async allowed(sessionToken: string, action: string): Promise<{ allowed: boolean; message?: string }> {
    const store = this.server.gatehouse.store;
    this.#sources ??= storePolicyGatherer(store);
    const claims = openSessionToken(store.keyRing, sessionToken);
    assert.ok(claims !== undefined, 'a session token of this server');
    const facts = { now: this.now, sourceIp: '127.0.0.1', secureTransport: false, userAgent: 'test', region: 'us-east-1' };
    const outcome = await authorize(principalFromClaims(claims), [{ action, resource: '*' }], facts, this.#sources);
    return outcome.message === undefined ? { allowed: outcome.allowed } : { allowed: outcome.allowed, message: outcome.message };
  }

  iam(credentials: Creds): IAMClient {
    return new IAMClient({ endpoint: this.server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  }

  sts(credentials: Creds): STSClient {
    return new STSClient({ endpoint: this.server.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  }

  /** Moves the server clock on (TOTP steps; SigV4 tolerates minutes of skew). */
  advance(seconds: number): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
  }

  step(): number {
    return Math.floor(this.now.getTime() / 30_000);
  }

  /** A user with an access key and, optionally, an inline policy. */
  async user(name: string, policy?: object): Promise<{ arn: string; creds: Creds }> {
    const user = await this.root.send(new CreateUserCommand({ UserName: name }));
    if (policy !== undefined) {
      await this.root.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    }
    const key = (await this.root.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { arn: user.User!.Arn!, creds: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
  }

  /** A role with a trust policy and, optionally, an inline policy. */
  async role(name: string, trust: object, policy?: object, maxSessionDuration?: number): Promise<string> {
    const role = await this.root.send(
      new CreateRoleCommand({
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify(trust),
        ...(maxSessionDuration !== undefined ? { MaxSessionDuration: maxSessionDuration } : {}),
      }),
    );
    if (policy !== undefined) {
      await this.root.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }));
    }
    return role.Role!.Arn!;
  }

  /** Creates and enables a virtual MFA device for a user; returns its serial and seed. */
  async mfa(userName: string): Promise<{ serial: string; seed: string }> {
    const device = (await this.root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-mfa` }))).VirtualMFADevice!;
    const serial = device.SerialNumber!;
    const seed = Buffer.from(device.Base32StringSeed!).toString('ascii');
    const step = this.step();
    await this.root.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: serial,
        AuthenticationCode1: totp(seed, step - 1),
        AuthenticationCode2: totp(seed, step),
      }),
    );
    // Codes of the steps EnableMFADevice used are spent; move on to fresh ones.
    this.advance(60);
    return { serial, seed };
  }
}

/** The six-digit code of a base32 seed for a 30-second step, computed independently of Gatehouse. */
export function totp(seed: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seed), counter: step, digits: 6 });
}

/** Asserts the AWS error code (modeled errors carry the `Exception` suffix in the SDK), status and message. */
export async function rejectsWith(promise: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, (err: any) => {
    assert.ok(err.name === code || err.name === `${code}Exception`, `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message !== undefined) assert.match(err.message, message);
    return true;
  });
}

/** Temporary credentials of an STS response as SDK credentials. */
export function sessionCreds(credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Creds {
  return { accessKeyId: credentials!.AccessKeyId!, secretAccessKey: credentials!.SecretAccessKey!, sessionToken: credentials!.SessionToken! };
}

export const ACCOUNT = TEST_ACCOUNT_ID;

/** A policy document allowing `actions` on `*`, optionally under a condition. */
export function allow(actions: string | string[], condition?: object): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: actions, Resource: '*', ...(condition !== undefined ? { Condition: condition } : {}) }],
  };
}

/** A trust policy letting `principal` (an ARN or account) perform `actions`. */
export function trust(principal: string, actions: string | string[] = 'sts:AssumeRole', condition?: object): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, ...(condition !== undefined ? { Condition: condition } : {}) }],
  };
}
