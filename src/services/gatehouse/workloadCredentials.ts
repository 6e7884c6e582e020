import { ServiceError } from '../../errors.js';
import type { IssuedWorkloadCredentials } from '../../store/index.js';
import { defineOperation, readOncePerCall, type OperationContext } from '../operation.js';
import { findRole, issueServiceSession, serviceSessionNeeds } from '../shared/index.js';

/**
 * The container credentials endpoint: role credentials for the holder of a workload token, in the
 * shape every AWS SDK reads from `AWS_CONTAINER_CREDENTIALS_FULL_URI`. The token's role is assumed
 * as `ecs-tasks.amazonaws.com`, the principal ECS assumes task roles as, so a role written for ECS
 * tasks works unchanged; its trust policy must allow that principal `sts:AssumeRole`. The session
 * is named after the token's ID, so every call made with it names the token in CloudTrail.
 *
 * As ECS's agent does, the same credentials are handed out until they are close to expiring
 * (`ROTATE_BEFORE_MS`), then new ones: an SDK, which refreshes five minutes before expiry, never
 * holds credentials about to expire. Revoking the token stops new credentials at once; those
 * already issued last until they expire, as AWS's do.
 *
 * AWS: ECS Developer Guide, "Task IAM role" (trust `ecs-tasks.amazonaws.com`; the agent refreshes
 * credentials before they expire); the SDKs' container credential provider (`{AccessKeyId,
 * SecretAccessKey, Token, Expiration, RoleArn}`).
 */

export const CONTAINER_CREDENTIALS_PRINCIPAL = 'ecs-tasks.amazonaws.com';

/** New credentials are issued when the kept ones expire within this (ECS keeps at least 15 minutes). */
const ROTATE_BEFORE_MS = 15 * 60_000;
/** The longest session issued (ECS's task role credentials last six hours). */
const MAX_SESSION_SECONDS = 6 * 3600;
/** STS's shortest session. */
const MIN_SESSION_SECONDS = 900;

interface WorkloadCredentialsOutput {
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: Date;
  RoleArn: string;
}

function denied(message: string): ServiceError {
  return new ServiceError('AccessDeniedException', message);
}

async function tokenRole(ctx: OperationContext) {
  return readOncePerCall(ctx, 'workload-role', async () => {
    const workload = ctx.principal.workload;
    if (ctx.principal.type !== 'Workload' || workload?.kind !== 'workload-token' || workload.roleArn === undefined) {
      throw denied('The container credentials endpoint takes a Gatehouse workload token in the Authorization header.');
    }
    const role = await findRole(ctx, workload.roleArn);
    if (role === undefined)
      throw denied(`User: ${CONTAINER_CREDENTIALS_PRINCIPAL} is not authorized to perform: sts:AssumeRole on resource: ${workload.roleArn}`);
    return { role, tokenId: workload.id };
  });
}

export const GetWorkloadCredentials = defineOperation<Record<string, never>, WorkloadCredentialsOutput>({
  service: 'gatehouse',
  name: 'GetWorkloadCredentials',
  readOnly: true,
  authorize: async (_input, ctx) => {
    const { role, tokenId } = await tokenRole(ctx);
    return serviceSessionNeeds(ctx, { service: CONTAINER_CREDENTIALS_PRINCIPAL, role, sessionName: tokenId });
  },
  handle: async (_input, ctx) => {
    const { role, tokenId } = await tokenRole(ctx);
    const tokens = ctx.store.workloadTokens;
    const kept = await tokens.credentials(tokenId);
    if (kept !== undefined && Date.parse(kept.expiration) - ctx.now.getTime() > ROTATE_BEFORE_MS) return output(kept, role.arn);
    const token = await tokens.get(tokenId);
    const left = token === undefined ? 0 : Math.floor((Date.parse(token.expiresAt) - ctx.now.getTime()) / 1000);
    const duration = Math.max(MIN_SESSION_SECONDS, Math.min(role.maxSessionDuration, MAX_SESSION_SECONDS, left));
    const session = await issueServiceSession(ctx, { role, sessionName: tokenId, durationSeconds: duration });
    const c = session.credentials;
    const issued: IssuedWorkloadCredentials = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration.toISOString(),
    };
    await tokens.saveCredentials(tokenId, issued, ctx.now.toISOString());
    return output(issued, role.arn);
  },
});

function output(c: IssuedWorkloadCredentials, roleArn: string): WorkloadCredentialsOutput {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: new Date(c.expiration), RoleArn: roleArn };
}
