import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Loading, ErrorNotice } from './notices.js';
import { Pager, Table, type Column } from './table.js';
import type { useIamList } from '../lib/iamList.js';

/** A filtered, paged list of IAM entities: the path filter, the table, the pager, and what loading or failing means. */
export function IamListView<T>(props: {
  list: ReturnType<typeof useIamList<T>>;
  what: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  empty: ComponentChildren;
}) {
  const { list } = props;
  const [prefix, setPrefix] = useState(list.pathPrefix ?? '');
  return (
    <>
      <form
        class="toolbar"
        aria-label={`Filter the ${props.what}`}
        onSubmit={(e) => {
          e.preventDefault();
          list.setPathPrefix(prefix);
        }}
      >
        <div class="field">
          <label for={`filter-${props.what}`}>Path prefix</label>
          <input id={`filter-${props.what}`} type="search" placeholder="/division_abc/" value={prefix} onInput={(e) => setPrefix(e.currentTarget.value)} />
        </div>
        <button type="submit">Filter</button>
      </form>
      {list.loading && <Loading what={props.what} />}
      {list.error !== undefined && <ErrorNotice error={list.error} what={`list ${props.what}`} retry={list.reload} />}
      {list.data !== undefined && !list.loading && (
        <>
          <Table caption={props.what} columns={props.columns} rows={list.data.items} rowKey={props.rowKey} empty={props.empty} />
          <Pager page={list.page} count={list.data.items.length} hasNext={list.data.marker !== undefined} onPrev={list.prev} onNext={list.next} />
        </>
      )}
    </>
  );
}
