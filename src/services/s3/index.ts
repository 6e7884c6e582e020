export { S3_DESCRIPTOR } from './descriptor.js';
