import type { ComponentChildren } from 'preact';

export interface Column<T> {
  readonly label: string;
  readonly cell: (row: T) => ComponentChildren;
  readonly mono?: boolean;
}

/** A table of rows, or what to say when there are none. */
export function Table<T>(props: { caption: string; columns: readonly Column<T>[]; rows: readonly T[]; empty: ComponentChildren; rowKey: (row: T) => string }) {
  if (props.rows.length === 0) return <p class="subtitle">{props.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.label} class={c.mono === true ? 'mono' : undefined} data-label={c.label}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous/next over a server-side paged list (IAM's Marker, CloudTrail's NextToken). */
export function Pager(props: { page: number; hasNext: boolean; onPrev: () => void; onNext: () => void; count: number }) {
  if (props.page <= 1 && !props.hasNext) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <span>
        Page {props.page} · {props.count} shown
      </span>
      <button type="button" onClick={props.onPrev} disabled={props.page <= 1}>
        Previous
      </button>
      <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
        Next
      </button>
    </nav>
  );
}
