/**
 * Step 2: the group's name, its address (suggested from the name until the user edits it, and
 * checked for availability as they type), a description, and its kind.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupKind } from '../../../../shared/contract';
import { MAX_LOCAL_LENGTH, suggestLocalPart } from '../../../../shared/groupAddress';
import { TextField } from '../../../components/TextField';
import type { Availability, Draft } from './wizardModel';

const KINDS: readonly GroupKind[] = ['public', 'members-only', 'private'];

/** Random numbers for suggestions, from the platform's CSPRNG (suggestions need not be secret, but
 * Math.random would make two windows suggest alike). */
const random = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;

export function DetailsStep({
  draft,
  availability,
  onChange,
}: {
  draft: Draft;
  availability: Availability;
  onChange: (change: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const statusId = useId();
  const service = draft.service?.jid ?? '';

  const onName = (name: string) => {
    if (draft.localEdited) return onChange({ name });
    // A Han-only name gets a random address: keep the one already shown while the name stays so.
    const suggested = suggestLocalPart(name, random);
    const keep = suggested.startsWith('group-') && draft.local.startsWith('group-');
    onChange({ name, local: name.trim() === '' ? '' : keep ? draft.local : suggested });
  };

  return (
    <>
      <TextField
        label={t('createGroup.details.name')}
        value={draft.name}
        maxLength={200}
        onChange={(e) => onName(e.target.value)}
        hint={t('createGroup.details.nameHint')}
        required
        data-step-focus
      />
      <label className="field">
        <span className="field__label">{t('createGroup.details.address')}</span>
        <span className="address-input">
          <input
            value={draft.local}
            maxLength={MAX_LOCAL_LENGTH + 16}
            onChange={(e) =>
              onChange({ local: e.target.value, localEdited: e.target.value.trim() !== '' })
            }
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            aria-invalid={availability.state === 'invalid' || availability.state === 'taken'}
            aria-describedby={statusId}
          />
          <span className="address-input__service" aria-hidden="true">
            @{service}
          </span>
        </span>
        <span className="field__hint">{t('createGroup.details.addressHint')}</span>
      </label>
      <AddressStatus id={statusId} availability={availability} />
      <label className="field">
        <span className="field__label">{t('createGroup.details.description')}</span>
        <textarea
          value={draft.description}
          placeholder={t('createGroup.details.descriptionHint')}
          maxLength={2000}
          rows={2}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </label>
      <KindPicker kind={draft.kind} onPick={(kind) => onChange({ kind })} />
    </>
  );
}

/** What the availability check says, announced politely as it changes. */
function AddressStatus({ id, availability }: { id: string; availability: Availability }) {
  const { t } = useTranslation();
  const text =
    availability.state === 'checking'
      ? t('createGroup.details.checking')
      : availability.state === 'free'
        ? t('createGroup.details.free', { room: availability.room })
        : availability.state === 'taken'
          ? t('createGroup.details.taken', { room: availability.room })
          : availability.state === 'invalid'
            ? t(`createGroup.details.invalid.${availability.problem}`)
            : availability.state === 'failed'
              ? t('createGroup.details.checkFailed', { error: availability.error })
              : '';
  return (
    <p
      id={id}
      className={`address-status address-status--${availability.state}`}
      role="status"
      aria-live="polite"
    >
      {text}
    </p>
  );
}

function KindPicker({ kind, onPick }: { kind: GroupKind; onPick: (kind: GroupKind) => void }) {
  const { t } = useTranslation();
  const legendId = useId();
  const hintId = useId();
  return (
    <fieldset className="choice-list choice-list--kinds" aria-labelledby={legendId}>
      <legend className="field__label" id={legendId}>
        {t('createGroup.details.kind')}
      </legend>
      {KINDS.map((k) => (
        <label className="choice" key={k}>
          <input
            type="radio"
            name="group-kind"
            value={k}
            checked={kind === k}
            onChange={() => onPick(k)}
            aria-labelledby={`${hintId}-${k}-title`}
            aria-describedby={`${hintId}-${k}`}
          />
          <span className="choice__body">
            <span className="choice__title" id={`${hintId}-${k}-title`}>
              {t(`createGroup.details.kinds.${k}`)}
            </span>
            <span className="choice__detail" id={`${hintId}-${k}`}>
              {t(`createGroup.details.kinds.${k}Hint`)}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
