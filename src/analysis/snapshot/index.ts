export { AccountSnapshot, SnapshotError, type SnapshotOptions, type SnapshotPolicy } from './accountSnapshot.js';
export {
  documentText,
  type AuthorizationDetails,
  type ExportedDocument,
  type ExportedManagedPolicy,
  type ExportedRole,
  type ExportedUser,
  type ExportedGroup,
} from './authorizationDetails.js';
