import { jsonCall } from '../api/aws.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { Table } from '../components/table.js';
import { useAws } from '../lib/useAws.js';

interface Instance {
  InstanceArn: string;
  IdentityStoreId: string;
  Name?: string;
  Status?: string;
}

/**
 * IAM Identity Center (the sso-admin API, JSON 1.1 `SWBExternalService`): instances and their
 * permission sets. People sign in through its portal, then open this console as a role.
 */
export function IdentityCenterPage() {
  const data = useAws(async () => {
    const instances = (await jsonCall<{ Instances?: Instance[] }>('sso', 'SWBExternalService.ListInstances', {})).Instances ?? [];
    return Promise.all(
      instances.map(async (i) => ({
        instance: i,
        permissionSets:
          (await jsonCall<{ PermissionSets?: string[] }>('sso', 'SWBExternalService.ListPermissionSets', { InstanceArn: i.InstanceArn })).PermissionSets ?? [],
      })),
    );
  }, []);
  return (
    <Page title="IAM Identity Center" subtitle="Workforce users, their permission sets, and the accounts they reach.">
      {data.loading && <Loading what="Identity Center" />}
      {data.error !== undefined && <ErrorNotice error={data.error} what="read Identity Center" retry={data.reload} />}
      {data.data?.length === 0 && <p>No Identity Center instance.</p>}
      {data.data?.map(({ instance, permissionSets }) => (
        <Panel key={instance.InstanceArn} title={instance.Name ?? instance.InstanceArn}>
          <p>
            Identity store <code>{instance.IdentityStoreId}</code>
          </p>
          <Table
            caption="Permission sets"
            rows={permissionSets}
            rowKey={(p) => p}
            empty="No permission sets."
            columns={[{ label: 'Permission set', cell: (p) => p, mono: true }]}
          />
        </Panel>
      ))}
    </Page>
  );
}
