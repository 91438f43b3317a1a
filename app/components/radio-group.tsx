import type { ReactNode } from "react";
import { FieldError } from "./form-field";

export interface RadioOption {
  value: string;
  label: ReactNode;
  hint?: ReactNode;
}

/**
 * A group of radio buttons in a fieldset with its legend; the error is tied to the group by aria-describedby and the
 * chosen value (what the user sent, or what is stored) is checked again when the form comes back.
 */
export function RadioGroupField({
  name,
  id = name,
  legend,
  options,
  defaultValue,
  error,
  hint,
  required,
  inline,
}: {
  name: string;
  id?: string;
  legend: ReactNode;
  options: readonly RadioOption[];
  defaultValue?: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Options side by side (wrapping on a phone), for short labels such as a rating scale. */
  inline?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    // The group carries the invalid state (ARIA supports aria-invalid on a radiogroup, not on each radio).
    <fieldset
      className={`radio-group${inline ? " radio-group--inline" : ""}${error ? " field--invalid" : ""}`}
      role="radiogroup"
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
    >
      <legend>
        {legend}
        {required ? <span className="required">（必須）</span> : null}
      </legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {options.map((option) => (
        <label key={option.value}>
          <input type="radio" name={name} value={option.value} defaultChecked={defaultValue === option.value} />
          <span>
            {option.label}
            {option.hint ? (
              <>
                <br />
                <span className="small muted">{option.hint}</span>
              </>
            ) : null}
          </span>
        </label>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
