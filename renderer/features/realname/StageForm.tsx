/**
 * One stage of the service's form, drawn generically (DataFormFields), with the local problems
 * per field in words that name it, the service's notes, and "use my saved profile" where the
 * main process can fill identity fields (never for a Tor-only account): those fields are then
 * not shown, only which saved values (masked) will fill them.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormValues } from '../../../shared/dataforms';
import type { RegistrationStep } from '../../../shared/contract';
import { DataFormFields } from '../../components/DataFormFields';
import { useAppStore } from '../../store';
import { problemText } from './problemText';
import type { LocalProblem } from './submission';

interface StageFormProps {
  readonly step: RegistrationStep;
  readonly values: FormValues;
  readonly onChange: (values: FormValues) => void;
  readonly useProfile: boolean;
  readonly onUseProfile: (on: boolean) => void;
  readonly problems: readonly LocalProblem[];
}

export function StageForm({
  step,
  values,
  onChange,
  useProfile,
  onUseProfile,
  problems,
}: StageFormProps) {
  const { t } = useTranslation();
  const profile = useAppStore((s) => s.realnameProfile);
  const profileRequested = useAppStore((s) => s.realnameProfileRequested);
  const fillable = step.torOnly ? [] : step.profileFillable;
  useEffect(() => {
    if (fillable.length > 0 && profile === null) void profileRequested();
  }, [fillable.length, profile, profileRequested]);
  if (!step.form) return null;
  const filled = new Set(useProfile ? fillable : []);
  const form = { ...step.form, fields: step.form.fields.filter((f) => !filled.has(f.var ?? '')) };
  const masked = (name: string) => {
    const kind = step.identityFields[name];
    if (kind === 'id-number') return profile?.idNumberMasked;
    if (kind === 'mobile') return profile?.mobileMasked;
    return profile?.nameMasked;
  };
  const label = (name: string) => step.form?.fields.find((f) => f.var === name)?.label ?? name;
  return (
    <div className="realname-stage">
      {step.form.title && <h3 className="realname-stage__title">{step.form.title}</h3>}
      {step.notes.map((note, i) => (
        <p key={i} className={`realname-note realname-note--${note.type}`}>
          {note.text}
        </p>
      ))}
      {fillable.length > 0 && (
        <label className="check realname-stage__profile">
          <input
            type="checkbox"
            checked={useProfile}
            onChange={(e) => onUseProfile(e.target.checked)}
          />
          <span>{t('realname.flow.useProfile')}</span>
        </label>
      )}
      {useProfile && fillable.length > 0 && (
        <dl className="realname-facts realname-stage__filled">
          {fillable.map((name) => (
            <div key={name} className="realname-facts__row">
              <dt>{label(name)}</dt>
              <dd className="realname-facts__mono">{masked(name) ?? '…'}</dd>
            </div>
          ))}
        </dl>
      )}
      <DataFormFields
        form={form}
        values={values}
        onChange={onChange}
        errors={problems}
        problemText={(error, fieldLabel) =>
          problemText(t, step.identityFields[error.var], error.problem, fieldLabel)
        }
      />
    </div>
  );
}
