import { restCall } from '../api/aws.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { Table } from '../components/table.js';
import { useAws } from '../lib/useAws.js';

interface TrustAnchor {
  trustAnchorId: string;
  name: string;
  enabled: boolean;
  source?: { sourceType?: string };
}
interface Profile {
  profileId: string;
  name: string;
  enabled: boolean;
  roleArns?: string[];
}

/** IAM Roles Anywhere (REST-JSON): trust anchors and profiles that let workloads outside AWS get role credentials with X.509 certificates. */
export function RolesAnywherePage() {
  const data = useAws(async () => {
    const anchors = (await restCall<{ trustAnchors?: TrustAnchor[] }>('rolesanywhere', 'GET', '/trustanchors')).trustAnchors ?? [];
    const profiles = (await restCall<{ profiles?: Profile[] }>('rolesanywhere', 'GET', '/profiles')).profiles ?? [];
    return { anchors, profiles };
  }, []);
  return (
    <Page title="Roles Anywhere" subtitle="Workloads outside AWS, with X.509 certificates, getting role credentials.">
      {data.loading && <Loading what="Roles Anywhere" />}
      {data.error !== undefined && <ErrorNotice error={data.error} what="read Roles Anywhere" retry={data.reload} />}
      {data.data !== undefined && (
        <>
          <Panel title="Trust anchors">
            <Table
              caption="Trust anchors"
              rows={data.data.anchors}
              rowKey={(a) => a.trustAnchorId}
              empty="No trust anchors."
              columns={[
                { label: 'Name', cell: (a) => a.name },
                { label: 'Source', cell: (a) => a.source?.sourceType ?? '' },
                { label: 'Enabled', cell: (a) => (a.enabled ? 'Yes' : 'No') },
              ]}
            />
          </Panel>
          <Panel title="Profiles">
            <Table
              caption="Profiles"
              rows={data.data.profiles}
              rowKey={(p) => p.profileId}
              empty="No profiles."
              columns={[
                { label: 'Name', cell: (p) => p.name },
                { label: 'Roles', cell: (p) => (p.roleArns ?? []).join(', '), mono: true },
                { label: 'Enabled', cell: (p) => (p.enabled ? 'Yes' : 'No') },
              ]}
            />
          </Panel>
        </>
      )}
    </Page>
  );
}
