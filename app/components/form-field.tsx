import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from "react";

interface FieldProps {
  name: string;
  /** The element id, when two forms of a page share a field name (defaults to the name). */
  id?: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** true: always required; "publish": required to publish, a draft may leave it empty. */
  required?: boolean | "publish";
}

function describedBy(id: string, error?: string, hint?: ReactNode) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** The attributes that tie a control to its label's hint and error (the same for every kind of control). */
function controlProps(
  id: string,
  name: string,
  error: string | undefined,
  hint: ReactNode,
  required: FieldProps["required"],
) {
  return {
    id,
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, error, hint),
    "aria-required": required === true || undefined,
  };
}

/** A message beside a field, announced when it appears; nothing when there is none. */
export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id} role="alert">
      {message}
    </p>
  );
}

function FieldFrame({
  id,
  label,
  error,
  hint,
  required,
  children,
}: Omit<FieldProps, "name"> & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>
        {label}
        {required ? <span className="required">{required === "publish" ? "（公開時に必須）" : "（必須）"}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function TextField({
  name,
  id = name,
  label,
  error,
  hint,
  required,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "required">) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      <input {...controlProps(id, name, error, hint, required)} {...input} />
    </FieldFrame>
  );
}

/** The six-digit code of an authenticator app (or a recovery code): the same field wherever a second factor is asked. */
export function SecondFactorCodeField({ error, hint }: { error?: string; hint?: string }) {
  return (
    <TextField
      name="code"
      label="確認コード"
      inputMode="numeric"
      autoComplete="one-time-code"
      required
      hint={hint}
      error={error}
    />
  );
}

export function SelectField({
  name,
  id = name,
  label,
  error,
  hint,
  required,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "required">) {
  return (
    <FieldFrame id={id} label={label} error={error} hint={hint} required={required}>
      <select {...controlProps(id, name, error, hint, required)} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

export function FormAlert({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert--error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div className="alert alert--info" role="status">
      {message}
    </div>
  );
}
