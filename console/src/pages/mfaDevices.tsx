import { useState } from 'preact/hooks';
import { DeleteVirtualMFADeviceCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { ConfirmButton } from '../components/forms.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page } from '../components/page.js';
import { Pager, Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { useMarkers } from '../lib/paging.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

/** The account's virtual MFA devices, filtered on the server by assignment (security keys show on their user's page). */
export function MfaDevicesPage() {
  const [status, setStatus] = useState<'Any' | 'Assigned' | 'Unassigned'>('Any');
  const markers = useMarkers();
  const devices = useAws(
    () => iam().send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status, MaxItems: 25, ...(markers.marker ? { Marker: markers.marker } : {}) })),
    [status, markers.marker],
  );
  const act = useAction(async (serial: string) => {
    await iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    devices.reload();
  });
  const rows = devices.data?.VirtualMFADevices ?? [];
  return (
    <Page title="MFA devices" subtitle="Virtual MFA devices of the account. Security keys and passkeys are listed on their user's page.">
      <div class="toolbar">
        <div class="field">
          <label for="mfa-status">Assignment</label>
          <select
            id="mfa-status"
            value={status}
            onChange={(e) => {
              markers.reset();
              setStatus(e.currentTarget.value as typeof status);
            }}
          >
            <option value="Any">Any</option>
            <option value="Assigned">Assigned</option>
            <option value="Unassigned">Unassigned</option>
          </select>
        </div>
      </div>
      {act.error !== undefined && <ErrorNotice error={act.error} what="delete the device" />}
      {devices.loading && <Loading what="MFA devices" />}
      {devices.error !== undefined && <ErrorNotice error={devices.error} what="list MFA devices" retry={devices.reload} />}
      {devices.data !== undefined && (
        <>
          <Table
            caption="Virtual MFA devices"
            rows={rows}
            rowKey={(d) => d.SerialNumber!}
            empty="No virtual MFA devices."
            columns={[
              { label: 'Serial number', cell: (d) => d.SerialNumber, mono: true },
              {
                label: 'Assigned to',
                cell: (d) =>
                  d.User?.UserName ? <a href={href(`/users/${encodeURIComponent(d.User.UserName)}`)}>{d.User.UserName}</a> : (d.User?.Arn ?? 'Nobody'),
              },
              { label: 'Enabled', cell: (d) => when(d.EnableDate) },
              {
                label: 'Actions',
                cell: (d) =>
                  d.User === undefined ? <ConfirmButton label="Delete" confirm="Delete this device?" onConfirm={() => act.run(d.SerialNumber!)} /> : '',
              },
            ]}
          />
          <Pager
            page={markers.page}
            count={rows.length}
            hasNext={devices.data.IsTruncated === true}
            onPrev={markers.prev}
            onNext={() => markers.next(devices.data?.Marker)}
          />
        </>
      )}
    </Page>
  );
}
