import { parseCertificate, toPem, type ParsedCertificate } from '../../auth/index.js';
import { ServiceError, isServiceError } from '../../errors.js';
import type { WorkloadIdentity } from '../../model/index.js';
import type { ProfileRecord, RoleRecord, SubjectCredentialRecord, SubjectRecord } from '../../store/index.js';
import { defineOperation, readOncePerCall, type OperationContext } from '../operation.js';
import { checkPolicyArns, checkSessionPolicy, findRole, issueServiceSession, serviceSessionNeeds } from '../shared/index.js';
import { certificateTags, defaultSessionName, sourceIdentityOf } from './certificateAttributes.js';
import { ROLES_ANYWHERE_PRINCIPAL } from './profiles.js';
import { newResourceId, resourceArn } from './resources.js';

/**
 * IAM Roles Anywhere `CreateSession`: role credentials for a workload whose certificate chains to
 * an enabled trust anchor (checked by the X.509 resolver, `auth/authenticate/x509Certificates.ts`,
 * before the call gets here), through an enabled profile that lists the role. Roles Anywhere
 * assumes the role as `rolesanywhere.amazonaws.com`: the role's trust policy must allow it
 * `sts:AssumeRole`, `sts:TagSession` (the certificate's attributes become session tags) and
 * `sts:SetSourceIdentity`, with `aws:SourceArn`/`aws:SourceAccount` the trust anchor's and the
 * session's tags as `aws:PrincipalTag/…`. The session gets the profile's session policies.
 *
 * AWS: Roles Anywhere User Guide, "IAM Roles Anywhere CreateSession API" (the duration is
 * min(profile, request); above the role's MaxSessionDuration the API answers an error; the role
 * session name defaults to the certificate's serial number; a `roleSessionName` on a profile that
 * does not accept one is AccessDenied "Not authorized to set roleSessionName." — aws/rolesanywhere-
 * credential-helper#19), the trust model ("Using the aws:SourceArn or aws:SourceAccount …" keys;
 * source identity rules) and "Monitoring with IAM Roles Anywhere subjects".
 */

interface CreateSessionInput {
  cert?: string;
  profileArn?: string;
  roleArn?: string;
  trustAnchorArn?: string;
  profileArnInBody?: string;
  roleArnInBody?: string;
  trustAnchorArnInBody?: string;
  durationSeconds?: number;
  instanceProperties?: Record<string, string>;
  roleSessionName?: string;
  sessionName?: string;
}

interface CredentialSet {
  assumedRoleUser: { arn: string; assumedRoleId: string };
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
  packedPolicySize?: number;
  roleArn: string;
  sourceIdentity: string;
}

function denied(message: string): ServiceError {
  return new ServiceError('AccessDeniedException', message);
}

function required(value: string | undefined, member: string): string {
  if (value === undefined || value === '') {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** What the call asks for, checked: the certificate, profile, role, session name, tags and source identity. */
interface SessionAsk {
  readonly workload: WorkloadIdentity;
  readonly certificate: ParsedCertificate;
  readonly trustAnchorArn: string;
  readonly accountId: string;
  readonly profile: ProfileRecord;
  readonly role: RoleRecord;
  readonly sessionName: string;
  readonly tags: Record<string, string>;
  readonly sourceIdentity: string;
}

/** The call's ask, checked once per call (its authorization and its handler read it). */
function sessionAsk(input: CreateSessionInput, ctx: OperationContext): Promise<SessionAsk> {
  return readOncePerCall(ctx, 'create-session', async () => {
    const workload = ctx.principal.workload;
    const certificate = workload?.certificate === undefined ? undefined : parseCertificate(workload.certificate);
    if (ctx.principal.type !== 'Workload' || workload?.kind !== 'x509' || certificate === undefined) {
      throw denied('CreateSession must be signed with an X.509 certificate (AWS4-X509-RSA-SHA256 or AWS4-X509-ECDSA-SHA256).');
    }
    const trustAnchorArn = required(input.trustAnchorArn ?? input.trustAnchorArnInBody, 'trustAnchorArn');
    const profileArn = required(input.profileArn ?? input.profileArnInBody, 'profileArn');
    const roleArn = required(input.roleArn ?? input.roleArnInBody, 'roleArn');
    const accountId = ctx.principal.accountId;
    const profile = await ctx.store.rolesAnywhere.profileByArn(profileArn);
    if (profile === undefined || profile.accountId !== accountId) throw new ServiceError('ResourceNotFoundException', 'Profile not found');
    if (!profile.enabled) throw denied(`Profile ${profileArn} is disabled.`);
    if (!profile.roleArns.includes(roleArn)) throw denied(`Role ${roleArn} is not one of the roles of profile ${profileArn}.`);
    if (profile.requireInstanceProperties && Object.keys(input.instanceProperties ?? {}).length === 0) {
      throw new ServiceError('ValidationException', `Profile ${profileArn} requires instance properties.`);
    }
    if (input.roleSessionName !== undefined && !profile.acceptRoleSessionName) throw denied('Not authorized to set roleSessionName.');
    const role = await findRole(ctx, roleArn);
    // AWS: a role that does not exist is refused as one the service may not assume.
    if (role === undefined) throw denied(`User: ${ROLES_ANYWHERE_PRINCIPAL} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    return {
      workload,
      certificate,
      trustAnchorArn,
      accountId,
      profile,
      role,
      sessionName: input.roleSessionName ?? defaultSessionName(certificate),
      tags: certificateTags(certificate, profile.attributeMappings),
      sourceIdentity: sourceIdentityOf(certificate),
    };
  });
}

/** STS's and IAM's refusals of session inputs (policies, duration, packed size) as the Roles Anywhere error they are here. */
function asValidation<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((err: unknown) => {
    if (isServiceError(err) && err.code !== 'AccessDeniedException' && err.code !== 'ValidationException')
      throw new ServiceError('ValidationException', err.message);
    throw err;
  });
}

export const CreateSession = defineOperation<CreateSessionInput, { credentialSet: CredentialSet[]; subjectArn: string }>({
  service: 'rolesanywhere',
  name: 'CreateSession',
  readOnly: true,
  authorize: async (input, ctx) => {
    const ask = await sessionAsk(input, ctx);
    return serviceSessionNeeds(ctx, {
      service: ROLES_ANYWHERE_PRINCIPAL,
      role: ask.role,
      sessionName: ask.sessionName,
      sessionTags: ask.tags,
      sourceIdentity: ask.sourceIdentity,
      context: { 'aws:SourceArn': ask.trustAnchorArn, 'aws:SourceAccount': ask.accountId },
    });
  },
  handle: async (input, ctx) => {
    const ask = await sessionAsk(input, ctx);
    const requested = input.durationSeconds ?? ask.profile.durationSeconds;
    const duration = Math.min(ask.profile.durationSeconds, requested);
    if (duration > ask.role.maxSessionDuration)
      throw new ServiceError('ValidationException', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    const session = await asValidation(async () =>
      issueServiceSession(ctx, {
        role: ask.role,
        sessionName: ask.sessionName,
        sessionTags: ask.tags,
        sourceIdentity: ask.sourceIdentity,
        durationSeconds: duration,
        policies: checkSessionPolicy(ask.profile.sessionPolicy ?? undefined),
        policyArns: await checkPolicyArns(
          ctx.store,
          ask.profile.managedPolicyArns.map((arn) => ({ arn })),
          ask.accountId,
        ),
      }),
    );
    const subjectArn = await recordSubject(ctx, ask, input.instanceProperties);
    const c = session.credentials;
    return {
      credentialSet: [
        {
          assumedRoleUser: { arn: session.principal.arn, assumedRoleId: session.principal.userId },
          credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
          ...(session.packedPolicySize !== undefined ? { packedPolicySize: session.packedPolicySize } : {}),
          roleArn: ask.role.arn,
          sourceIdentity: ask.sourceIdentity,
        },
      ],
      subjectArn,
    };
  },
});

/** How stale a subject's last-seen data may get before an authentication writes it again. */
const SUBJECT_RESOLUTION_MS = 60_000;
/** The most instance property sets a subject keeps (the newest). */
const MAX_INSTANCE_PROPERTIES = 10;

/**
 * Records the authentication in its subject (created on first sight): the certificate and the
 * instance properties seen, and when. A burst of sessions of one certificate writes once a minute.
 * AWS: "The Subject resource records the history of the principal that is calling the
 * CreateSession operation, including its first recorded authentication time, and last recorded
 * authentication time."
 */
async function recordSubject(ctx: OperationContext, ask: SessionAsk, instanceProperties: Record<string, string> | undefined): Promise<string> {
  const store = ctx.store.rolesAnywhere;
  const x509Subject = ask.certificate.subject;
  const current = await store.subjectByName(ask.accountId, x509Subject);
  const now = ctx.now.toISOString();
  const serialNumber = ask.certificate.serialDecimal;
  const issuer = ask.certificate.issuer;
  const known = current?.credentials.find((c) => c.serialNumber === serialNumber && c.issuer === issuer);
  const props = instanceProperties ?? {};
  const hasProps = Object.keys(props).length > 0;
  const fresh =
    current !== undefined && ctx.now.getTime() - Date.parse(current.lastSeenAt) < SUBJECT_RESOLUTION_MS && ctx.now.getTime() >= Date.parse(current.lastSeenAt);
  if (current !== undefined && known !== undefined && fresh && !hasProps) return current.arn;
  const credential: SubjectCredentialRecord = {
    x509CertificateData: toPem(ask.certificate.der),
    issuer,
    serialNumber,
    enabled: true,
    failed: false,
    seenAt: now,
  };
  const id = current?.subjectId ?? newResourceId();
  const subject: SubjectRecord = {
    accountId: ask.accountId,
    subjectId: id,
    arn: current?.arn ?? resourceArn(ctx, 'subject', id, ask.accountId),
    x509Subject,
    enabled: current?.enabled ?? true,
    credentials: [...(current?.credentials ?? []).filter((c) => c !== known), credential],
    instanceProperties: hasProps
      ? [...(current?.instanceProperties ?? []), { properties: props, failed: false, seenAt: now }].slice(-MAX_INSTANCE_PROPERTIES)
      : (current?.instanceProperties ?? []),
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    lastSeenAt: now,
  };
  await store.saveSubject(subject);
  // Two first authentications of one subject at once: the first one saved keeps its ID.
  return current !== undefined ? subject.arn : ((await store.subjectByName(ask.accountId, x509Subject))?.arn ?? subject.arn);
}
