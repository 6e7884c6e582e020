import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A page's frame: its title (also the document's), what it is for, where it sits, its actions. */
export function Page(props: {
  title: string;
  subtitle?: ComponentChildren;
  crumbs?: readonly (readonly [string, string])[];
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Gatehouse`;
  }, [props.title]);
  return (
    <>
      {props.crumbs !== undefined && props.crumbs.length > 0 && (
        <nav class="breadcrumbs" aria-label="Breadcrumb">
          {props.crumbs.map(([label, to], i) => (
            <span key={to}>
              {i > 0 && ' / '}
              <a href={to}>{label}</a>
            </span>
          ))}
        </nav>
      )}
      <div class="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {props.title}
          </h1>
          {props.subtitle !== undefined && <p class="subtitle">{props.subtitle}</p>}
        </div>
        {props.actions !== undefined && <div class="actions">{props.actions}</div>}
      </div>
      {props.children}
    </>
  );
}

/** A section of a page, with its heading. */
export function Panel(props: { title?: string; id?: string; children?: ComponentChildren; actions?: ComponentChildren }) {
  const headingId = props.id ?? (props.title !== undefined ? `panel-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : undefined);
  return (
    <section class="panel" aria-labelledby={props.title !== undefined ? headingId : undefined}>
      {props.title !== undefined && (
        <div class="page-head">
          <h2 id={headingId}>{props.title}</h2>
          {props.actions !== undefined && <div class="actions">{props.actions}</div>}
        </div>
      )}
      {props.children}
    </section>
  );
}

/** Name/value pairs. */
export function Props(props: { items: readonly (readonly [string, ComponentChildren])[] }) {
  return (
    <dl class="props">
      {props.items.map(([name, value]) => (
        <div key={name} class="pair">
          <dt>{name}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
