/** The three inputs of the registration profile, each with its problem named beside it. */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityKind } from '../../../shared/realnameFields';
import { PROFILE_FIELDS, type ProfileDraft } from './profileChecks';

interface ProfileFieldsProps {
  readonly draft: ProfileDraft;
  readonly onChange: (draft: ProfileDraft) => void;
  /** The text of a field's problem, if it is to be shown now. */
  readonly problem: (kind: IdentityKind, key: keyof ProfileDraft) => string | undefined;
  readonly onSubmit: () => void;
  /** The buttons. */
  readonly children: ReactNode;
}

export function ProfileFields({
  draft,
  onChange,
  problem,
  onSubmit,
  children,
}: ProfileFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div
      className="realname-profile__form"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
          e.preventDefault();
          onSubmit();
        }
      }}
    >
      {PROFILE_FIELDS.map(({ kind, key }) => {
        const text = problem(kind, key);
        const errorId = `${id}-${key}-error`;
        return (
          <div key={key} className="data-form__field">
            <label className="field">
              <span className="field__label">{t(`realname.profile.fields.${kind}`)}</span>
              <input
                type="text"
                value={draft[key]}
                autoComplete="off"
                spellCheck={false}
                inputMode={kind === 'person-name' ? 'text' : kind === 'mobile' ? 'tel' : 'text'}
                aria-invalid={text ? true : undefined}
                aria-describedby={text ? errorId : undefined}
                onChange={(e) => onChange({ ...draft, [key]: e.target.value })}
              />
            </label>
            {text && (
              <p className="field__error" id={errorId} role="alert">
                {text}
              </p>
            )}
          </div>
        );
      })}
      <div className="realname-profile__actions">{children}</div>
    </div>
  );
}
