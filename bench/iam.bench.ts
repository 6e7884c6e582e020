/**
 * bench:iam — iam:GetUser and iam:ListUsers (a 100-user page), called by an IAM user whose
 * permissions come from a stored policy (so every call is a real policy decision), at 1,000 and at
 * 100,000 users in the account, beside a bare node:http floor measured in the same run.
 * The 100k/1k ratio shows whether lookups, pages and decisions stay flat as the account grows.
 */
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, DURATION, HEADER, load, row, signedQuery, startServer } from './support/load.js';
import type { LoadResult } from './support/load.js';

const SIZES = (process.env['BENCH_IAM_USERS'] ?? '1000,100000').split(',').map(Number);

async function measure(users: number): Promise<{ getUser: LoadResult; listUsers: LoadResult }> {
  const server = await startServer('gatehouse', { BENCH_SEED_USERS: String(users) });
  try {
    const iam = new IAMClient({ endpoint: `http://127.0.0.1:${server.port}`, region: 'us-east-1', credentials: BENCH_KEYS, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'bench-reader' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers'], Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'bench-reader', PolicyName: 'read-users', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-reader' }))).AccessKey!;
    const credentials = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const target = `seed-${String(Math.floor(users / 2)).padStart(6, '0')}`;
    const getUser = await signedQuery(server.port, 'iam', `Action=GetUser&UserName=${target}&Version=2010-05-08`, credentials);
    const listUsers = await signedQuery(server.port, 'iam', 'Action=ListUsers&MaxItems=100&Version=2010-05-08', credentials);
    await load(server.port, getUser, 2);
    return { getUser: await load(server.port, getUser), listUsers: await load(server.port, listUsers) };
  } finally {
    server.stop();
  }
}

const bare = await startServer('bare');
let floor: LoadResult;
try {
  const request = await signedQuery(bare.port, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS);
  await load(bare.port, request, 2);
  floor = await load(bare.port, request);
} finally {
  bare.stop();
}
const results = [];
for (const users of SIZES) results.push({ users, ...(await measure(users)) });

console.log(`\nbench:iam — ${CONNECTIONS} connections, ${DURATION}s each, caller is an IAM user with an inline policy`);
console.log(HEADER);
console.log(row('bare node:http (static 500 B XML)', floor));
for (const r of results) {
  console.log(row(`iam:GetUser, ${r.users} users`, r.getUser, floor));
  console.log(row(`iam:ListUsers (100 per page), ${r.users} users`, r.listUsers, floor));
}
if (results.length >= 2) {
  const [small, large] = [results[0]!, results[results.length - 1]!];
  console.log(
    `flatness ${large.users}/${small.users} users: GetUser ${(large.getUser.rps / small.getUser.rps).toFixed(2)}, ListUsers ${(large.listUsers.rps / small.listUsers.rps).toFixed(2)} (1.00 = flat)`,
  );
}
