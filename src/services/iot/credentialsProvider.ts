import { ServiceError } from '../../errors.js';
import type { IotRoleAliasRecord, RoleRecord } from '../../store/index.js';
import { defineOperation, readOncePerCall, type AuthorizationNeed, type ContextValue, type OperationContext } from '../operation.js';
import { findRole, issueServiceSession, serviceSessionNeeds } from '../shared/index.js';
import { iotArn } from './resources.js';
import { IOT_CREDENTIALS_PRINCIPAL } from './roleAliases.js';

/**
 * The AWS IoT credentials provider (`GET /role-aliases/<alias>/credentials` on the mutual TLS
 * listener): role credentials for a device that presented a registered, ACTIVE certificate
 * (checked by the client certificate resolver before the call gets here). In AWS's order: the
 * thing the device names must have the certificate attached; the certificate's IoT policies must
 * allow `iot:AssumeRoleWithCertificate` on the role alias; the role alias must exist; the role's
 * trust policy must allow `credentials.iot.amazonaws.com` `sts:AssumeRole`; the alias's duration
 * must be within the role's maximum. The session is named after the certificate ID.
 *
 * AWS: IoT Developer Guide, "Authorizing direct calls to AWS services using AWS IoT Core credential
 * provider" (the policy variables `credentials-iot:ThingName`, `credentials-iot:ThingTypeName`,
 * `credentials-iot:AwsCertificateId`); the responses, each with `x-amzn-ErrorType`, recorded against
 * AWS in awslabs/aws-iot-core-credential-provider-session-helper (docs/dev_notes.md): 403 "Invalid
 * thing name passed", 403 "Access Denied", 404 "Role alias does not exist", 400 "Unable to assume
 * the role, or the role to assume does not exist", 400 "The requested CredentialDurationSeconds
 * exceeds the MaxSessionDuration set for the role", 200 `{"credentials":{accessKeyId,
 * secretAccessKey, sessionToken, expiration}}`.
 */

interface CredentialsInput {
  roleAlias: string;
  thingName?: string;
}

interface CredentialsOutput {
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: Date };
}

function accessDenied(message: string): ServiceError {
  return new ServiceError('AccessDeniedException', message);
}

const cannotAssume = () => new ServiceError('InvalidRequestException', 'Unable to assume the role, or the role to assume does not exist');

/** What the request asks for, read once per call: the device, its thing, its policies, the alias and its role. */
interface DeviceAsk {
  readonly certificateId: string;
  readonly certificateArn: string;
  readonly accountId: string;
  readonly thingName: string | undefined;
  readonly context: Record<string, ContextValue>;
  readonly policies: { id: string; document: string }[];
  readonly alias: IotRoleAliasRecord | undefined;
  readonly role: RoleRecord | undefined;
}

function deviceAsk(input: CredentialsInput, ctx: OperationContext): Promise<DeviceAsk> {
  return readOncePerCall(ctx, 'iot-credentials', async () => {
    const workload = ctx.principal.workload;
    if (ctx.principal.type !== 'Workload' || workload?.kind !== 'iot-certificate') throw accessDenied('Certificate is invalid on this endpoint');
    const accountId = ctx.principal.accountId;
    const certificateArn = workload.issuer;
    const iot = ctx.store.iot;
    const context: Record<string, ContextValue> = { 'credentials-iot:AwsCertificateId': workload.id };
    if (input.thingName !== undefined) {
      const thing = await iot.thing(accountId, input.thingName);
      const attached = thing === undefined ? [] : await iot.thingPrincipals(accountId, thing.thingName);
      if (thing === undefined || !attached.includes(certificateArn)) throw accessDenied('Invalid thing name passed');
      context['credentials-iot:ThingName'] = thing.thingName;
      context['iot:Connection.Thing.ThingName'] = thing.thingName;
      context['iot:Connection.Thing.IsAttached'] = 'true';
      if (thing.thingTypeName !== null) {
        context['credentials-iot:ThingTypeName'] = thing.thingTypeName;
        context['iot:Connection.Thing.ThingTypeName'] = thing.thingTypeName;
      }
      for (const [key, value] of Object.entries(thing.attributes)) context[`iot:Connection.Thing.Attributes[${key}]`] = value;
    }
    const policies = (await iot.policiesOf(accountId, certificateArn)).map((p) => ({ id: p.arn, document: p.document }));
    const alias = await iot.roleAlias(accountId, input.roleAlias);
    const role = alias === undefined ? undefined : await findRole(ctx, alias.roleArn);
    return { certificateId: workload.id, certificateArn, accountId, thingName: input.thingName, context, policies, alias, role };
  });
}

export const AssumeRoleWithCertificate = defineOperation<CredentialsInput, CredentialsOutput>({
  service: 'iot',
  name: 'AssumeRoleWithCertificate',
  readOnly: true,
  authorize: async (input, ctx) => {
    const ask = await deviceAsk(input, ctx);
    const needs: AuthorizationNeed[] = [
      {
        action: 'iot:AssumeRoleWithCertificate',
        resource: iotArn(ctx, 'rolealias', input.roleAlias, ask.accountId),
        context: ask.context,
        identityPolicies: ask.policies,
        refusal: () => accessDenied('Access Denied'),
      },
    ];
    // A missing alias or role is answered by the handler, after the policy decision (AWS's order).
    if (ask.role !== undefined) {
      needs.push(
        ...(await serviceSessionNeeds(ctx, { service: IOT_CREDENTIALS_PRINCIPAL, role: ask.role, sessionName: ask.certificateId, refusal: cannotAssume })),
      );
    }
    return needs;
  },
  handle: async (input, ctx) => {
    const ask = await deviceAsk(input, ctx);
    if (ask.alias === undefined) throw new ServiceError('ResourceNotFoundException', 'Role alias does not exist');
    if (ask.role === undefined) throw cannotAssume();
    if (ask.alias.credentialDurationSeconds > ask.role.maxSessionDuration) {
      throw new ServiceError('InvalidRequestException', 'The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role');
    }
    const session = await issueServiceSession(ctx, { role: ask.role, sessionName: ask.certificateId, durationSeconds: ask.alias.credentialDurationSeconds });
    const c = session.credentials;
    return { credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration } };
  },
});
