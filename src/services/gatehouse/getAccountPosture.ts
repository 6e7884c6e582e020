import { ServiceError } from '../../errors.js';
import { ThresholdError, thresholdsOf, type PostureReport } from '../../analysis/posture/index.js';
import { defineOperation, type Operation } from '../operation.js';
import { postureReports } from './postureReports.js';

/** The kv row bootstrap writes with the deployment's management account (`server/bootstrap.ts`). */
const BOOTSTRAP_KEY = 'bootstrap';

export interface GetAccountPostureInput {
  accountId?: string;
  thresholds?: Record<string, number>;
}

/**
 * GetAccountPosture (Gatehouse's own API): the posture report of an account — the best-practice
 * checks and the privilege-escalation paths, the same document `gatehouse analyze --format json`
 * prints. Authorized as `gatehouse:GetAccountPosture` on
 * `arn:aws:gatehouse::<caller's account>:posture/<account>`, by the caller's own policies. A
 * caller reads its own account's posture; a caller of the deployment's management account reads
 * any account's, imported ones included (they have no principals of their own to ask).
 */
export const GetAccountPosture = defineOperation<GetAccountPostureInput, PostureReport>({
  service: 'gatehouse',
  name: 'GetAccountPosture',
  readOnly: true,
  authorize: (input, ctx) => {
    const caller = ctx.principal.accountId;
    const target = input.accountId ?? caller;
    return [{ action: 'gatehouse:GetAccountPosture', resource: `arn:aws:gatehouse::${caller}:posture/${target}`, resourceAccountId: caller }];
  },
  handle: async (input, ctx) => {
    const caller = ctx.principal.accountId;
    const target = input.accountId ?? caller;
    if (target !== caller) {
      const bootstrap = await ctx.store.kv.get(BOOTSTRAP_KEY);
      const management = bootstrap === undefined ? undefined : (JSON.parse(bootstrap) as { accountId: string }).accountId;
      if (caller !== management) {
        throw new ServiceError(
          'AccessDeniedException',
          `Account ${caller} may read its own posture only; the posture of account ${target} is read from the deployment's management account.`,
        );
      }
    }
    let thresholds: ReturnType<typeof thresholdsOf> | undefined;
    try {
      thresholds = input.thresholds === undefined ? undefined : thresholdsOf(input.thresholds);
    } catch (err) {
      if (err instanceof ThresholdError) throw new ServiceError('ValidationException', err.message);
      throw err;
    }
    const report = await postureReports(ctx.store).report(target, ctx.now, thresholds);
    if (report === undefined) throw new ServiceError('ResourceNotFoundException', `Account ${target} does not exist in this deployment.`);
    return report;
  },
});

export const postureOperations: Operation[] = [GetAccountPosture];
