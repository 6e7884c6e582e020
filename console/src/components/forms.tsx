import type { ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

let nextId = 0;
/** A stable id for a label/control pair. */
export function useId(prefix: string): string {
  const [id] = useState(() => `${prefix}-${++nextId}`);
  return id;
}

/** A labelled control, with its hint and error tied to it for assistive technology. */
export function Field(props: {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}) {
  const id = useId('field');
  const hintId = props.hint !== undefined ? `${id}-hint` : undefined;
  const errorId = props.error !== undefined ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter((x) => x !== undefined).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: props.error !== undefined })}
      {props.hint !== undefined && (
        <div class="hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {props.error !== undefined && (
        <div class="error" id={errorId}>
          {props.error}
        </div>
      )}
    </div>
  );
}

/** A text input bound to a value. */
export function TextField(
  props: {
    label: string;
    value: string;
    onInput: (value: string) => void;
    hint?: ComponentChildren;
    error?: string | undefined;
    type?: string;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onInput' | 'value' | 'type' | 'label'>,
) {
  const { label, value, onInput, hint, error, type, ...rest } = props;
  return (
    <Field label={label} hint={hint} error={error}>
      {({ id, describedBy, invalid }) => (
        <input
          {...(rest as object)}
          id={id}
          type={(type ?? 'text') as 'text'}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid ? 'true' : undefined}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

/** A button that asks for confirmation in place before it acts (no modal to trap focus); the confirming button takes the focus. */
export function ConfirmButton(props: { label: string; confirm: string; onConfirm: () => void | Promise<void>; busy?: boolean }) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)} disabled={props.busy}>
        {props.label}
      </button>
    );
  }
  return (
    <fieldset class="inline confirm">
      <legend>{props.confirm}</legend>
      <button
        type="button"
        class="danger"
        ref={yes}
        onClick={async () => {
          await props.onConfirm();
          setAsking(false);
        }}
      >
        Yes, {props.label.toLowerCase()}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </fieldset>
  );
}

/** Copies a text to the clipboard and says so. */
export function CopyButton(props: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(props.text);
        setCopied(true);
      }}
    >
      {copied ? 'Copied' : (props.label ?? 'Copy')}
      <span class="visually-hidden" aria-live="polite">
        {copied ? ' to the clipboard' : ''}
      </span>
    </button>
  );
}
