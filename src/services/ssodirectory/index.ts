export { SSO_DIRECTORY_DESCRIPTOR } from './descriptor.js';
export { directoryOperations, scimEndpoint, serviceProvider } from './directory.js';
