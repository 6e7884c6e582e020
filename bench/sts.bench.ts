/**
 * bench:sts — sts:AssumeRole calls (each issues new temporary credentials) and requests made
 * with session credentials (sts:GetCallerIdentity with an ASIA key and its token: the session is
 * verified from the token alone), beside a bare node:http floor measured in the same run.
 * Target (issue 5): ≥ 10k AssumeRole/s.
 */
import { IAMClient, AttachUserPolicyCommand, CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { BENCH_ACCOUNT, BENCH_KEYS } from './support/servers.js';
import { CONNECTIONS, DURATION, HEADER, load, row, signedQuery, startServer } from './support/load.js';

const bare = await startServer('bare');
const gatehouse = await startServer('gatehouse');
try {
  const base = { endpoint: `http://127.0.0.1:${gatehouse.port}`, region: 'us-east-1', maxAttempts: 1 };
  const iam = new IAMClient({ ...base, credentials: BENCH_KEYS });
  await iam.send(new CreateUserCommand({ UserName: 'bench-assumer' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'bench-assumer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bench-assumer' }))).AccessKey!;
  const user = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${BENCH_ACCOUNT}:user/bench-assumer` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'bench-role', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] };
  await iam.send(new PutRolePolicyCommand({ RoleName: 'bench-role', PolicyName: 'whoami', PolicyDocument: JSON.stringify(policy) }));
  const roleArn = `arn:aws:iam::${BENCH_ACCOUNT}:role/bench-role`;
  const session = (await new STSClient({ ...base, credentials: user }).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bench' }))).Credentials!;
  const sessionCredentials = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };

  const floorRequest = await signedQuery(bare.port, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', BENCH_KEYS);
  const assumeRequest = await signedQuery(gatehouse.port, 'sts', `Action=AssumeRole&RoleArn=${encodeURIComponent(roleArn)}&RoleSessionName=bench&Version=2011-06-15`, user);
  const sessionRequest = await signedQuery(gatehouse.port, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', sessionCredentials);
  await load(bare.port, floorRequest, 2);
  await load(gatehouse.port, assumeRequest, 2);
  const floor = await load(bare.port, floorRequest);
  const assume = await load(gatehouse.port, assumeRequest);
  const withSession = await load(gatehouse.port, sessionRequest);
  console.log(`\nbench:sts — ${CONNECTIONS} connections, ${DURATION}s each, autocannon on loopback, one server process each`);
  console.log(HEADER);
  console.log(row('bare node:http (static 500 B XML)', floor));
  console.log(row('sts:AssumeRole (new credentials each call)', assume, floor));
  console.log(row('sts:GetCallerIdentity with session credentials', withSession, floor));
  console.log(`AssumeRole/s ${assume.rps.toFixed(0)} (target ≥ 10,000)`);
} finally {
  bare.stop();
  gatehouse.stop();
}
