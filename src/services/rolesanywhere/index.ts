import type { Operation } from '../operation.js';
import { CreateSession } from './createSession.js';
import { DeleteCrl, DisableCrl, EnableCrl, GetCrl, ImportCrl, ListCrls, UpdateCrl } from './crls.js';
import {
  CreateProfile,
  DeleteAttributeMapping,
  DeleteProfile,
  DisableProfile,
  EnableProfile,
  GetProfile,
  ListProfiles,
  PutAttributeMapping,
  UpdateProfile,
} from './profiles.js';
import { GetSubject, ListSubjects, ListTagsForResource, TagResource, UntagResource } from './subjectsAndTags.js';
import {
  CreateTrustAnchor,
  DeleteTrustAnchor,
  DisableTrustAnchor,
  EnableTrustAnchor,
  GetTrustAnchor,
  ListTrustAnchors,
  PutNotificationSettings,
  ResetNotificationSettings,
  UpdateTrustAnchor,
} from './trustAnchors.js';

/** IAM Roles Anywhere: every operation of its model, and CreateSession. */
export const rolesAnywhereOperations: readonly Operation[] = [
  CreateSession,
  CreateTrustAnchor,
  GetTrustAnchor,
  ListTrustAnchors,
  UpdateTrustAnchor,
  DeleteTrustAnchor,
  EnableTrustAnchor,
  DisableTrustAnchor,
  PutNotificationSettings,
  ResetNotificationSettings,
  CreateProfile,
  GetProfile,
  ListProfiles,
  UpdateProfile,
  DeleteProfile,
  EnableProfile,
  DisableProfile,
  PutAttributeMapping,
  DeleteAttributeMapping,
  ImportCrl,
  GetCrl,
  ListCrls,
  UpdateCrl,
  DeleteCrl,
  EnableCrl,
  DisableCrl,
  GetSubject,
  ListSubjects,
  TagResource,
  UntagResource,
  ListTagsForResource,
];
export { ROLES_ANYWHERE_DESCRIPTOR } from './descriptor.js';
