import type { InputHTMLAttributes, TextareaHTMLAttributes } from "react";

interface Common {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

// `id` names the field when a page repeats a form (one per category, say); else it comes from `name`.
function FieldShell({ label, id: name, error, hint, children }: Omit<Common, "name"> & { id: string; children: React.ReactNode }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={`field-${name}`}>{label}</label>
      {children}
      {hint && !error ? (
        <p className="field__hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`field-${name}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(name: string, error?: string, hint?: string) {
  if (error) return `field-${name}-error`;
  return hint ? `field-${name}-hint` : undefined;
}

/** A labelled input with its error right under it, announced to screen readers. */
export function TextField({ label, name, id = name, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FieldShell label={label} id={id} error={error} hint={hint}>
      <input
        id={`field-${id}`}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...input}
      />
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  name,
  id = name,
  error,
  hint,
  ...textarea
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} id={id} error={error} hint={hint}>
      <textarea
        id={`field-${id}`}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        {...textarea}
      />
    </FieldShell>
  );
}

export function FormError({ error }: { error?: string }) {
  return error ? (
    <p className="form-error" role="alert">
      {error}
    </p>
  ) : null;
}
