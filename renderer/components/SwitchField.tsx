/** An on/off setting: a checkbox with role=switch drawn as a track, its title and its meaning. */
import { useId } from 'react';

export function SwitchField({
  title,
  hint,
  checked,
  onChange,
  disabled,
}: {
  title: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const hintId = useId();
  return (
    <label className="switch">
      <input
        type="checkbox"
        role="switch"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hintId}
      />
      <span className="switch__track" aria-hidden="true" />
      <span className="switch__text">
        <span className="choice__title">{title}</span>
        <span className="choice__hint" id={hintId}>
          {hint}
        </span>
      </span>
    </label>
  );
}
