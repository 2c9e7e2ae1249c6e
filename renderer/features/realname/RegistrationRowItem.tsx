/**
 * One row of the bulk view: an account on a group service, the groups it owns there, their
 * shared registration state (with the operator's reason when rejected, the job's progress while
 * one runs), a checkbox to include it, and its own "Register…" or "Retry".
 */
import { useTranslation } from 'react-i18next';
import { registrationErrorText } from './registrationErrorText';
import { isRegistrable, isWorking, type RegistrationRow } from './registrationRows';

interface RowProps {
  readonly row: RegistrationRow;
  readonly selected: boolean;
  readonly onSelect: (on: boolean) => void;
  readonly onRegister: () => void;
  readonly disabled: boolean;
}

export function RegistrationRowItem({ row, selected, onSelect, onRegister, disabled }: RowProps) {
  const { t } = useTranslation();
  const { group, state, job } = row;
  const label = t('realname.bulk.rowLabel', { account: group.accountId, service: group.service });
  const stateText =
    state === 'working' && job
      ? t(`realname.bulk.job.${job.state}`)
      : state === 'failed' && job?.error
        ? t('realname.bulk.failed', {
            error: registrationErrorText(
              t,
              { code: job.error, message: '' },
              group.registrationService ?? group.service,
            ),
          })
        : t(`realname.state.${state}`);
  const reason = state === 'rejected' ? (group.receipt?.reason ?? job?.receipt?.reason) : undefined;
  const receipt = group.receipt ?? job?.receipt;
  return (
    <li className={`realname-row realname-row--${state}`} aria-label={label}>
      <label className="check realname-row__select">
        <input
          type="checkbox"
          checked={selected}
          disabled={disabled || !isRegistrable(row)}
          onChange={(e) => onSelect(e.target.checked)}
          aria-label={label}
        />
      </label>
      <div className="realname-row__main">
        <div className="realname-row__service">
          <bdi>{group.service}</bdi>
          {group.registrationService && (
            <span className="realname-row__receiver">
              {t('realname.bulk.receiver', { service: group.registrationService })}
            </span>
          )}
        </div>
        <ul
          className="realname-row__rooms"
          aria-label={t('realname.bulk.rooms', { count: group.rooms.length })}
        >
          {group.rooms.map((room) => (
            <li key={room.room}>
              <bdi>{room.name ?? room.room.split('@')[0]}</bdi>
            </li>
          ))}
        </ul>
        {reason && (
          <p className="realname-row__reason">
            {t('realname.bulk.reason')} <bdi>{reason}</bdi>
          </p>
        )}
        {group.torOnly && <p className="realname-row__note">{t('realname.bulk.torOnly')}</p>}
      </div>
      <div className="realname-row__side">
        <span className={`realname-state realname-state--${state}`} role="status">
          {isWorking(row) && <span className="spinner" aria-hidden="true" />}
          {stateText}
        </span>
        {receipt?.idNumberMasked && (state === 'pending' || state === 'registered') && (
          <span className="realname-row__receipt">{receipt.receipt}</span>
        )}
        {group.registrationService &&
          state !== 'registered' &&
          state !== 'pending' &&
          !isWorking(row) && (
            <button
              type="button"
              className="button button--small"
              onClick={onRegister}
              disabled={disabled}
              aria-label={t('realname.bulk.registerOne', {
                account: group.accountId,
                service: group.service,
              })}
            >
              {t('realname.bulk.registerOneShort')}
            </button>
          )}
      </div>
    </li>
  );
}
