import { GetCallerIdentity } from './getCallerIdentity.js';

export const stsOperations = [GetCallerIdentity];
