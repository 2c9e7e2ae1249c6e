/**
 * A labelled text input: label.field wrapping the label text, the input and an optional hint
 * (so the hint is part of the input's name and also describes it). A field's error stands
 * outside the label (FieldError), where a row of fields can share one.
 */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> {
  readonly label: string;
  /** Extra classes for the label, e.g. field--grow or field--port in a row. */
  readonly className?: string;
  readonly hint?: ReactNode;
  /** Marks the input invalid (aria-invalid); left out, the attribute is not set. */
  readonly invalid?: boolean;
  /** Ids of elements outside the label that describe the input (an error, a strength meter). */
  readonly describedBy?: string;
  /** Rendered inside the label after the input, e.g. a datalist. */
  readonly children?: ReactNode;
}

export function TextField({
  label,
  className,
  hint,
  invalid,
  describedBy,
  children,
  type = 'text',
  ...input
}: TextFieldProps) {
  const hintId = useId();
  const described = [hint ? hintId : '', describedBy ?? ''].filter(Boolean).join(' ');
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span className="field__label">{label}</span>
      <input
        type={type}
        {...input}
        aria-invalid={invalid}
        aria-describedby={described || undefined}
      />
      {hint && (
        <span className="field__hint" id={hintId}>
          {hint}
        </span>
      )}
      {children}
    </label>
  );
}

/** A field's error under it, announced at once; the input points at it by id. */
export function FieldError({
  id,
  children,
}: {
  readonly id: string;
  readonly children: ReactNode;
}) {
  return (
    <p className="field__error" id={id} role="alert">
      {children}
    </p>
  );
}
