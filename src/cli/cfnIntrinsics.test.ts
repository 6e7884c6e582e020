import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { resolveNode, templateScope } from './cfnIntrinsics.js';
import { entryOf, fromYaml, rangeOfPath, type TreeNode } from './sourceTree.js';

const TEMPLATE = `
Parameters:
  Env:
    Type: String
    Default: prod
  Team:
    Type: String
Mappings:
  Regions:
    us-east-1:
      Bucket: logs-use1
Resources:
  Role:
    Type: AWS::IAM::Role
  Bucket:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
  Thing:
    Type: AWS::Custom::Thing
  Values:
    Type: Test
    Properties:
      pseudo: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/\${Env}-\${Team}'
      roleArn: !GetAtt Role.Arn
      roleArnLong: { "Fn::GetAtt": [Role, Arn] }
      bucketRef: !Ref Bucket
      bucketArn: !Sub '\${Bucket.Arn}/*'
      topicRef: !Ref Topic
      unknown: !GetAtt Thing.Endpoint
      imported: !ImportValue shared-arn
      joined: !Join [':', [a, !Ref Env, c]]
      selected: !Select [1, [x, y, z]]
      chosen: !If [IsProd, yes-value, no-value]
      mapped: !FindInMap [Regions, !Ref 'AWS::Region', Bucket]
      literal: !Sub ['\${Name}-x', { Name: literal }]
      escaped: !Sub '\${!NotAVariable}'
      list: [one, !Ref 'AWS::NoValue', two]
`;

function values(): { root: TreeNode; props: TreeNode } {
  const root = fromYaml(parseDocument(TEMPLATE).contents, TEMPLATE);
  const props = entryOf(entryOf(entryOf(root, 'Resources')?.value, 'Values')?.value, 'Properties')?.value;
  assert.ok(props);
  return { root, props };
}

describe('CloudFormation intrinsics', () => {
  it('resolve as far as the template tells, and to * beyond', () => {
    const { root, props } = values();
    assert.deepEqual(JSON.parse(JSON.stringify(resolveNode(props, templateScope(root)))), {
      pseudo: 'arn:aws:iam::123456789012:role/prod-Team',
      roleArn: 'arn:aws:iam::123456789012:role/Role',
      roleArnLong: 'arn:aws:iam::123456789012:role/Role',
      bucketRef: 'bucket',
      bucketArn: 'arn:aws:s3:::bucket/*',
      topicRef: 'arn:aws:sns:us-east-1:123456789012:Topic',
      unknown: '*',
      imported: '*',
      joined: 'a:prod:c',
      selected: 'y',
      chosen: 'yes-value',
      mapped: 'logs-use1',
      literal: 'literal-x',
      escaped: '${NotAVariable}',
      list: ['one', 'two'],
    });
  });

  it('a finding path that runs into an intrinsic lands on the intrinsic in the file', () => {
    const { props } = values();
    const range = rangeOfPath(props, [{ value: 'roleArn' }]);
    assert.equal(TEMPLATE.slice(range.start, range.end), 'Role.Arn');
    const key = rangeOfPath(props, [{ key: 'bucketRef' }]);
    assert.equal(TEMPLATE.slice(key.start, key.end), 'bucketRef');
    const item = rangeOfPath(props, [{ value: 'list' }, { index: 2 }]);
    assert.equal(TEMPLATE.slice(item.start, item.end), 'two');
  });
});
