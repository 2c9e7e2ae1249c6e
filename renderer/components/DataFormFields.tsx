/**
 * The fields of a data form (XEP-0004) drawn from the server's own description: every field type,
 * labels and descriptions as text, required marks, and the XEP-0122 checks shown per field while
 * the user types (shared/dataforms.ts decides; this only draws). Used by the room configuration
 * and, later, group registration. Nothing the server says becomes markup.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { valuesOf, type DataForm, type FormField, type FormValues } from '../../shared/dataforms';

interface DataFormFieldsProps {
  readonly form: DataForm;
  readonly values: FormValues;
  readonly onChange: (values: FormValues) => void;
  /** Problems to show (after a submit attempt, or as the user types). */
  readonly errors: readonly ShownProblem[];
  /** Text for a problem (default: the data-form text); gets the field's label to name it. */
  readonly problemText?: (error: ShownProblem, label: string) => string;
}

/** A problem by field; codes beyond XEP-0004's come from checks such as shared/realname. */
export interface ShownProblem {
  readonly var: string;
  readonly problem: string;
}

export function DataFormFields({
  form,
  values,
  onChange,
  errors,
  problemText,
}: DataFormFieldsProps) {
  const set = (name: string, next: readonly string[]) => onChange({ ...values, [name]: next });
  return (
    <div className="data-form">
      {form.instructions.map((text, i) => (
        <p key={i} className="data-form__instructions">
          {text}
        </p>
      ))}
      {form.fields.map((field, i) => (
        <Field
          key={field.var ?? `fixed-${i}`}
          field={field}
          values={valuesOf(field, values)}
          onChange={(next) => field.var !== undefined && set(field.var, next)}
          error={errors.find((e) => e.var === field.var)}
          problemText={problemText}
        />
      ))}
    </div>
  );
}

function Field({
  field,
  values,
  onChange,
  error,
  problemText,
}: {
  field: FormField;
  values: readonly string[];
  onChange: (values: readonly string[]) => void;
  error: ShownProblem | undefined;
  problemText: DataFormFieldsProps['problemText'];
}) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  if (field.type === 'hidden') return null;
  if (field.type === 'fixed') {
    return (
      <p className="data-form__fixed">
        {field.label && <strong>{field.label} </strong>}
        {values.join('\n')}
      </p>
    );
  }
  const label = field.label ?? field.var ?? '';
  const described = [field.desc ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  const common = {
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described || undefined,
    'aria-required': field.required || undefined,
  };
  const labelText = (
    <span className="field__label">
      {label}
      {field.required && <span className="field__required"> ({t('form.required')})</span>}
    </span>
  );
  const hint = field.desc && (
    <span className="field__hint" id={hintId}>
      {field.desc}
    </span>
  );
  const problem = error && (
    <p className="field__error" id={errorId} role="alert">
      {problemText ? problemText(error, label) : t(`form.problem.${error.problem}`)}
    </p>
  );

  if (field.type === 'boolean') {
    const on = values[0] === '1' || values[0] === 'true';
    return (
      <div className="data-form__field">
        <label className="check">
          <input
            type="checkbox"
            checked={on}
            onChange={(e) => onChange([e.target.checked ? '1' : '0'])}
            {...common}
          />
          {labelText}
        </label>
        {hint}
        {problem}
      </div>
    );
  }
  if (field.type === 'list-multi') {
    return (
      <fieldset
        className="data-form__field data-form__group"
        aria-describedby={common['aria-describedby']}
      >
        <legend className="field__label">{labelText}</legend>
        {field.options.map((option) => (
          <label key={option.value} className="check">
            <input
              type="checkbox"
              checked={values.includes(option.value)}
              onChange={(e) =>
                onChange(
                  e.target.checked
                    ? [...values, option.value]
                    : values.filter((v) => v !== option.value),
                )
              }
            />
            <span>{option.label ?? option.value}</span>
          </label>
        ))}
        {hint}
        {problem}
      </fieldset>
    );
  }
  if (field.type === 'list-single') {
    const value = values[0] ?? '';
    const known = field.options.some((o) => o.value === value);
    return (
      <div className="data-form__field">
        <label className="field">
          {labelText}
          <select value={value} onChange={(e) => onChange([e.target.value])} {...common}>
            {!known && <option value={value}>{value}</option>}
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label ?? option.value}
              </option>
            ))}
          </select>
          {hint}
        </label>
        {problem}
      </div>
    );
  }
  if (field.type === 'text-multi' || field.type === 'jid-multi') {
    return (
      <div className="data-form__field">
        <label className="field">
          {labelText}
          <textarea
            rows={3}
            value={values.join('\n')}
            placeholder={t('form.multiHint')}
            onChange={(e) =>
              onChange(
                field.type === 'jid-multi'
                  ? e.target.value.split('\n').filter((line) => line.trim() !== '')
                  : e.target.value.split('\n'),
              )
            }
            {...common}
          />
          {hint}
        </label>
        {problem}
      </div>
    );
  }
  return (
    <div className="data-form__field">
      <label className="field">
        {labelText}
        <input
          type={field.type === 'text-private' ? 'password' : 'text'}
          value={values[0] ?? ''}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value === '' ? [] : [e.target.value])}
          {...common}
        />
        {hint}
      </label>
      {problem}
    </div>
  );
}
