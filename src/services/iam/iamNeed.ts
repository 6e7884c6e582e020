import type { AuthorizationNeed, ContextValue } from '../operation.js';

/** One authorization need for an IAM action on a resource ARN (or `*`). */
export function iamNeed(action: string, resource: string, context?: Record<string, ContextValue>): AuthorizationNeed[] {
  return [context === undefined ? { action: `iam:${action}`, resource } : { action: `iam:${action}`, resource, context }];
}
