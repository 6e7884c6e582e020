import { ServiceError } from '../../../errors.js';
import { ENABLE_WINDOW_STEPS, RESYNC_WINDOW_STEPS, totpStep } from '../../../model/index.js';
import type { MfaDeviceRecord, SecurityKeyRecord } from '../../../store/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { iamErrors } from '../iamErrors.js';
import { iamNeed } from '../iamNeed.js';
import { pageMembers } from '../paging.js';
import { ownerArn, resolveOwner, type CredentialOwner } from '../credentials/credentialOwners.js';
import { pageInMemory } from '../paging.js';
import { consecutiveCodesStep } from '../../shared/index.js';
import { noSuchDevice, requireDevice } from './mfaDevices.js';

/**
 * MFA devices as credentials of a user: EnableMFADevice, ResyncMFADevice, DeactivateMFADevice,
 * ListMFADevices and GetMFADevice. Their IAM resource is the user (Service Authorization
 * Reference: these actions act on the `user` resource type).
 */

interface CodesInput {
  UserName: string;
  SerialNumber: string;
  AuthenticationCode1: string;
  AuthenticationCode2: string;
}

/** Whether the device is enabled for this owner. */
function ownedBy(device: MfaDeviceRecord, owner: CredentialOwner): boolean {
  if (device.enableDate === null) return false;
  return owner.userName === null ? device.assignedRoot : device.userName === owner.userName;
}

/** The owner's security key with this serial number, if it is one. */
async function ownedSecurityKey(ctx: OperationContext, owner: CredentialOwner, serialNumber: string): Promise<SecurityKeyRecord | undefined> {
  const key = await ctx.store.securityKeys.bySerialNumber(serialNumber);
  return key !== undefined && key.accountId === owner.accountId && key.userName === owner.userName ? key : undefined;
}

/** The owner's enabled device with this serial number, or NoSuchEntity. */
async function requireOwnedDevice(ctx: OperationContext, owner: CredentialOwner, serialNumber: string): Promise<MfaDeviceRecord> {
  const device = await requireDevice(ctx, serialNumber);
  if (!ownedBy(device, owner)) throw noSuchDevice(serialNumber);
  return device;
}

/**
 * AWS: "Enables the specified MFA device and associates it with the specified IAM user. When
 * enabled, the MFA device is required for every subsequent login by the IAM user associated with
 * the device." AuthenticationCode1 and AuthenticationCode2 are two consecutive codes.
 */
export const EnableMFADevice = defineOperation<CodesInput>({
  service: 'iam',
  name: 'EnableMFADevice',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('EnableMFADevice', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, false);
    const device = await requireDevice(ctx, input.SerialNumber);
    if (device.enableDate !== null) throw new ServiceError('EntityAlreadyExists', 'MFA Device is already in use.');
    const enabled = await ctx.store.mfaDevices.listForOwner(owner.accountId, owner.userName);
    const keys = await ctx.store.securityKeys.listForOwner(owner.accountId, owner.userName);
    if (enabled.length + keys.length >= ctx.quotas.mfaDevicesPerUser) throw iamErrors.limitExceeded('MFADevicesPerUser', ctx.quotas.mfaDevicesPerUser);
    const step = await consecutiveCodesStep(ctx.store, device, input.AuthenticationCode1, input.AuthenticationCode2, ctx.now, ENABLE_WINDOW_STEPS);
    await ctx.store.mfaDevices.assign(device.serialNumber, {
      owner: { userName: owner.userName! },
      enableDate: ctx.now.toISOString(),
      lastStep: step,
      driftSteps: step - totpStep(ctx.now),
    });
    return {};
  },
});

/**
 * AWS: "Synchronizes the specified MFA device with its IAM resource object on the AWS servers."
 * The two consecutive codes re-anchor the device's clock drift.
 */
export const ResyncMFADevice = defineOperation<CodesInput>({
  service: 'iam',
  name: 'ResyncMFADevice',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('ResyncMFADevice', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, false);
    const device = await requireOwnedDevice(ctx, owner, input.SerialNumber);
    const step = await consecutiveCodesStep(ctx.store, device, input.AuthenticationCode1, input.AuthenticationCode2, ctx.now, RESYNC_WINDOW_STEPS);
    await ctx.store.mfaDevices.recordUse(device.serialNumber, step, step - totpStep(ctx.now));
    return {};
  },
});

/** AWS: "Deactivates the specified MFA device and removes it from association with the user name for which it was originally enabled." */
export const DeactivateMFADevice = defineOperation<{ UserName?: string; SerialNumber: string }>({
  service: 'iam',
  name: 'DeactivateMFADevice',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('DeactivateMFADevice', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    // AWS: a FIDO security key is deactivated (and forgotten) by its ARN, as a virtual device is.
    const key = await ownedSecurityKey(ctx, owner, input.SerialNumber);
    if (key !== undefined) {
      await ctx.store.securityKeys.delete(key.serialNumber);
      return {};
    }
    const device = await requireOwnedDevice(ctx, owner, input.SerialNumber);
    await ctx.store.mfaDevices.unassign(device.serialNumber);
    return {};
  },
});

/**
 * AWS: "Lists the MFA devices for an IAM user. If the request includes a IAM user name, then this
 * operation lists all the MFA devices associated with the specified user. If you do not specify a
 * user name, IAM determines the user name implicitly based on the AWS access key ID signing the
 * request." For the root user the `UserName` member carries the account ID (Gatehouse's choice).
 */
export const ListMFADevices = defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListMFADevices',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('ListMFADevices', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    // AWS: ListMFADevices lists virtual devices and FIDO security keys (their serial number an ARN of `u2f`) alike.
    const virtual = await ctx.store.mfaDevices.listForOwner(owner.accountId, owner.userName);
    const keys = await ctx.store.securityKeys.listForOwner(owner.accountId, owner.userName);
    const devices = [...virtual, ...keys.map((k) => ({ serialNumber: k.serialNumber, enableDate: k.enableDate }))];
    const page = pageInMemory(devices, (d) => `${d.enableDate}|${d.serialNumber.toLowerCase()}`, input);
    return {
      MFADevices: page.items.map((d) => ({
        UserName: owner.userName ?? owner.accountId,
        SerialNumber: d.serialNumber,
        EnableDate: new Date(d.enableDate!),
      })),
      ...pageMembers(page),
    };
  },
});

/**
 * AWS: GetMFADevice "Retrieves information about an MFA device for a specified user"; its
 * `SerialNumber` "For this API, we only accept FIDO security key ARNs": a virtual device's serial
 * number is NoSuchEntity. `Certifications` come from the FIDO Alliance Metadata Service, which
 * Gatehouse does not consult: the member is left out.
 */
export const GetMFADevice = defineOperation<{ SerialNumber: string; UserName?: string }>({
  service: 'iam',
  name: 'GetMFADevice',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('GetMFADevice', await ownerArn(ctx, input.UserName)),
  handle: async (input, ctx) => {
    const owner = await resolveOwner(ctx, input.UserName, true);
    const key = await ownedSecurityKey(ctx, owner, input.SerialNumber);
    if (key === undefined) throw new ServiceError('NoSuchEntity', `MFA device with serial number ${input.SerialNumber} does not exist.`);
    return { UserName: owner.userName ?? owner.accountId, SerialNumber: key.serialNumber, EnableDate: new Date(key.enableDate) };
  },
});

export const mfaAssignmentOperations: Operation[] = [EnableMFADevice, ResyncMFADevice, DeactivateMFADevice, ListMFADevices, GetMFADevice];
