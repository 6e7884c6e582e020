import QRCode from 'qrcode';
import { ServiceError } from '../../errors.js';
import { iamArn, rootArn } from '../../model/index.js';
import { newTotpSeed, otpauthUri } from '../../model/totp.js';
import type { EntityTag, MfaDeviceRecord, Store } from '../../store/index.js';
import { defineOperation, type ContextValue, type Operation, type OperationContext } from '../operation.js';
import { iamNeed, pageMembers, requestTagContext } from './common.js';
import { resourceTagContext } from './credentialSupport.js';
import { applyTags, checkTagKeys, listTagsPage, removeTags, tagsOf, type TagTarget } from './tagging.js';

/**
 * Virtual MFA devices as entities of the account: CreateVirtualMFADevice, DeleteVirtualMFADevice,
 * ListVirtualMFADevices and their tags. Assigning them to users is in `mfaAssignment.ts`.
 */

/** AWS: the serial number of a virtual MFA device is its ARN, `arn:aws:iam::<account>:mfa/<path><name>`. */
export function mfaSerialNumber(accountId: string, path: string, name: string): string {
  return iamArn(accountId, 'mfa', path, name);
}

/**
 * AWS: the root user's virtual MFA device is named `root-account-mfa-device` (the console creates
 * `arn:aws:iam::<account>:mfa/root-account-mfa-device`); root MFA cannot be enabled through the API.
 */
export const ROOT_MFA_DEVICE_NAME = 'root-account-mfa-device';

/** The tags-table address of a device. */
export function mfaTagTarget(device: MfaDeviceRecord): TagTarget {
  return { accountId: device.accountId, kind: 'mfa', id: device.serialNumber.toLowerCase() };
}

/** NoSuchEntity for a serial number that names no device of the caller's account. */
export function noSuchDevice(serialNumber: string): ServiceError {
  return new ServiceError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} doesn't exist.`);
}

/** The caller's account's device with this serial number, or NoSuchEntity. */
export async function requireDevice(ctx: OperationContext, serialNumber: string): Promise<MfaDeviceRecord> {
  const device = await ctx.store.mfaDevices.get(serialNumber);
  if (device === undefined || device.accountId !== ctx.principal.accountId) throw noSuchDevice(serialNumber);
  return device;
}

/** `aws:ResourceTag/…` of an existing device (none when it does not exist: the handler answers NoSuchEntity). */
async function deviceContext(ctx: OperationContext, serialNumber: string): Promise<Record<string, ContextValue>> {
  const device = await ctx.store.mfaDevices.get(serialNumber);
  return device === undefined ? {} : resourceTagContext(await ctx.store.tags.list(device.accountId, 'mfa', device.serialNumber.toLowerCase()));
}

/** The `User` member of a listed device: the IAM user it is enabled for, or the root user. */
async function deviceUser(store: Store, device: MfaDeviceRecord): Promise<Record<string, unknown> | undefined> {
  if (device.assignedRoot) {
    const account = await store.accounts.get(device.accountId);
    return { Arn: rootArn(device.accountId), UserId: device.accountId, ...(account ? { CreateDate: new Date(account.createdAt) } : {}) };
  }
  if (device.userName === null) return undefined;
  const user = await store.users.get(device.accountId, device.userName);
  if (user === undefined) return undefined;
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.userId,
    Arn: user.arn,
    CreateDate: new Date(user.createdAt),
    ...(user.passwordLastUsed !== null ? { PasswordLastUsed: new Date(user.passwordLastUsed) } : {}),
  };
}

interface CreateInput {
  VirtualMFADeviceName: string;
  Path?: string;
  Tags?: EntityTag[];
}

/** AWS: serialNumberType, "Maximum length of 256". */
const MAX_SERIAL_NUMBER = 256;

export const CreateVirtualMFADevice = defineOperation<CreateInput>({
  service: 'iam',
  name: 'CreateVirtualMFADevice',
  readOnly: false,
  authorize: (input, ctx) =>
    iamNeed('CreateVirtualMFADevice', mfaSerialNumber(ctx.principal.accountId, input.Path ?? '/', input.VirtualMFADeviceName), requestTagContext(input.Tags)),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const path = input.Path ?? '/';
    const serialNumber = mfaSerialNumber(accountId, path, input.VirtualMFADeviceName);
    // AWS: a serial number (serialNumberType) is at most 256 characters, which bounds path and name.
    if (serialNumber.length > MAX_SERIAL_NUMBER) {
      const most = MAX_SERIAL_NUMBER - (serialNumber.length - input.VirtualMFADeviceName.length);
      throw new ServiceError(
        'ValidationError',
        `1 validation error detected: Value '${input.VirtualMFADeviceName}' at 'virtualMFADeviceName' failed to satisfy constraint: Member must have length less than or equal to ${Math.max(0, most)}`,
      );
    }
    checkTagKeys(input.Tags);
    if ((await ctx.store.mfaDevices.get(serialNumber)) !== undefined) {
      // AWS: a virtual MFA device name already in use (the console shows the same sentence).
      throw new ServiceError('EntityAlreadyExists', 'MFA device already exists.');
    }
    const seed = newTotpSeed();
    const device = await ctx.store.mfaDevices.create({ serialNumber, accountId, name: input.VirtualMFADeviceName, path, seed, createdAt: ctx.now.toISOString() });
    await applyTags(ctx.store, mfaTagTarget(device), input.Tags, ctx.quotas.tagsPerResource);
    const [alias] = await ctx.store.accountAliases.list(accountId);
    const png = await QRCode.toBuffer(otpauthUri(seed, input.VirtualMFADeviceName, alias ?? accountId), { type: 'png' });
    return {
      VirtualMFADevice: {
        SerialNumber: serialNumber,
        // AWS: both blobs are base64-encoded on the wire; the seed itself is base32 text.
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: png,
        Tags: await tagsOf(ctx.store, mfaTagTarget(device)),
      },
    };
  },
});

export const DeleteVirtualMFADevice = defineOperation<{ SerialNumber: string }>({
  service: 'iam',
  name: 'DeleteVirtualMFADevice',
  readOnly: false,
  authorize: async (input, ctx) => iamNeed('DeleteVirtualMFADevice', input.SerialNumber, await deviceContext(ctx, input.SerialNumber)),
  handle: async (input, ctx) => {
    const device = await requireDevice(ctx, input.SerialNumber);
    // AWS: "MFA VirtualDevice in use. Must deactivate first" (DeleteConflict, observed wording).
    if (device.enableDate !== null) throw new ServiceError('DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
    await ctx.store.tags.deleteAll(device.accountId, 'mfa', device.serialNumber.toLowerCase());
    await ctx.store.mfaDevices.delete(device.serialNumber);
    return {};
  },
});

interface ListVirtualInput {
  AssignmentStatus?: 'Assigned' | 'Unassigned' | 'Any';
  Marker?: string;
  MaxItems?: number;
}

/**
 * AWS: without `AssignmentStatus`, ListVirtualMFADevices lists both assigned and unassigned devices
 * (`Any`); like every IAM listing it "does not return tags, even though they are an attribute of the
 * returned object" (API_ListVirtualMFADevices).
 */
export const ListVirtualMFADevices = defineOperation<ListVirtualInput>({
  service: 'iam',
  name: 'ListVirtualMFADevices',
  readOnly: true,
  authorize: () => iamNeed('ListVirtualMFADevices', '*'),
  handle: async (input, ctx) => {
    const options = { ...(input.Marker !== undefined ? { marker: input.Marker } : {}), ...(input.MaxItems !== undefined ? { maxItems: input.MaxItems } : {}) };
    const page = await ctx.store.mfaDevices.list(ctx.principal.accountId, input.AssignmentStatus ?? 'Any', options);
    const devices = [];
    for (const device of page.items) {
      const user = await deviceUser(ctx.store, device);
      devices.push({
        SerialNumber: device.serialNumber,
        ...(user !== undefined ? { User: user } : {}),
        ...(device.enableDate !== null ? { EnableDate: new Date(device.enableDate) } : {}),
      });
    }
    return { VirtualMFADevices: devices, ...pageMembers(page) };
  },
});

export const TagMFADevice = defineOperation<{ SerialNumber: string; Tags: EntityTag[] }>({
  service: 'iam',
  name: 'TagMFADevice',
  readOnly: false,
  authorize: async (input, ctx) =>
    iamNeed('TagMFADevice', input.SerialNumber, { ...(await deviceContext(ctx, input.SerialNumber)), ...requestTagContext(input.Tags) }),
  handle: async (input, ctx) => {
    const device = await requireDevice(ctx, input.SerialNumber);
    await applyTags(ctx.store, mfaTagTarget(device), input.Tags, ctx.quotas.tagsPerResource);
    return {};
  },
});

export const UntagMFADevice = defineOperation<{ SerialNumber: string; TagKeys: string[] }>({
  service: 'iam',
  name: 'UntagMFADevice',
  readOnly: false,
  authorize: async (input, ctx) =>
    iamNeed('UntagMFADevice', input.SerialNumber, { ...(await deviceContext(ctx, input.SerialNumber)), 'aws:TagKeys': input.TagKeys }),
  handle: async (input, ctx) => {
    const device = await requireDevice(ctx, input.SerialNumber);
    await removeTags(ctx.store, mfaTagTarget(device), input.TagKeys);
    return {};
  },
});

export const ListMFADeviceTags = defineOperation<{ SerialNumber: string; Marker?: string; MaxItems?: number }>({
  service: 'iam',
  name: 'ListMFADeviceTags',
  readOnly: true,
  authorize: async (input, ctx) => iamNeed('ListMFADeviceTags', input.SerialNumber, await deviceContext(ctx, input.SerialNumber)),
  handle: async (input, ctx) => listTagsPage(ctx.store, mfaTagTarget(await requireDevice(ctx, input.SerialNumber)), input),
});

/** The serial number of the root user's virtual MFA device, for the console's root MFA enrolment. */
export function rootMfaSerialNumber(accountId: string): string {
  return mfaSerialNumber(accountId, '/', ROOT_MFA_DEVICE_NAME);
}

export const virtualMfaOperations: Operation[] = [
  CreateVirtualMFADevice,
  DeleteVirtualMFADevice,
  ListVirtualMFADevices,
  TagMFADevice,
  UntagMFADevice,
  ListMFADeviceTags,
];
