/**
 * Step 1: the account and the group-chat service the group lives on. Services are found by
 * service discovery (never typed in); one under a real-name policy says so here already, so
 * the registration step that follows is no surprise.
 */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot, GroupChatService } from '../../../../shared/contract';
import { Alert } from '../../../components/Alert';
import { errorText } from '../../../i18n/errorText';
import { accountName } from '../../../store/accounts.selectors';
import { useGroupServices } from './useGroupServices';
import { registrationNeededToCreate, type Draft } from './wizardModel';

export function WhereStep({
  draft,
  accounts,
  onChange,
}: {
  draft: Draft;
  accounts: readonly AccountSnapshot[];
  onChange: (change: Partial<Draft>) => void;
}) {
  const { t } = useTranslation();
  const found = useGroupServices(draft.accountId);
  const legendId = useId();

  // The first service is chosen for the user; a chosen one that the account lacks is dropped.
  const first = found.services[0];
  const chosen = draft.service?.jid;
  const stillThere = found.services.some((s) => s.service.jid === chosen);
  useEffect(() => {
    if (found.loading) return;
    if (!stillThere) onChange({ service: first?.service, policy: first?.policy });
  }, [found.loading, stillThere, first, onChange]);

  if (accounts.length === 0)
    return <Alert tone="warning">{t('createGroup.where.noAccount')}</Alert>;
  return (
    <>
      <label className="field">
        <span className="field__label">{t('createGroup.where.account')}</span>
        <select
          value={draft.accountId}
          onChange={(e) =>
            onChange({ accountId: e.target.value, service: undefined, policy: undefined })
          }
          data-step-focus
        >
          {accounts.map((a) => (
            <option key={a.accountId} value={a.accountId}>
              {accountName(a)}
            </option>
          ))}
        </select>
      </label>
      {found.loading ? (
        <p className="form-dialog__note" role="status">
          {t('createGroup.where.loading')}
        </p>
      ) : found.error ? (
        <Alert tone="warning">
          {t('createGroup.where.failed', { error: errorText(t, found.error) })}
        </Alert>
      ) : found.services.length === 0 ? (
        <p className="form-dialog__note">{t('createGroup.where.none')}</p>
      ) : (
        <fieldset className="choice-list" aria-labelledby={legendId}>
          <legend className="field__label" id={legendId}>
            {t('createGroup.where.services')}
          </legend>
          {found.services.map(({ service, policy }) => (
            <ServiceChoice
              key={service.jid}
              service={service}
              registration={registrationNeededToCreate(policy)}
              checked={service.jid === chosen}
              onPick={() => onChange({ service, policy })}
            />
          ))}
        </fieldset>
      )}
    </>
  );
}

function ServiceChoice({
  service,
  registration,
  checked,
  onPick,
}: {
  service: GroupChatService;
  /** The service's policy asks for a registration before creating a group. */
  registration: boolean;
  checked: boolean;
  onPick: () => void;
}) {
  const { t } = useTranslation();
  const noteId = useId();
  const titleId = useId();
  const jidId = useId();
  return (
    <label className="choice">
      <input
        type="radio"
        name="group-service"
        value={service.jid}
        checked={checked}
        onChange={onPick}
        // Named by its name and address; the badge and note describe it.
        aria-labelledby={service.name ? `${titleId} ${jidId}` : titleId}
        aria-describedby={registration ? noteId : undefined}
      />
      <span className="choice__body">
        <span className="choice__title">
          <bdi id={titleId}>{service.name ?? service.jid}</bdi>
          {registration && (
            <span className="choice__badge">{t('createGroup.where.registrationBadge')}</span>
          )}
        </span>
        {service.name && (
          <span className="choice__detail" id={jidId}>
            {service.jid}
          </span>
        )}
        {registration && (
          <span className="choice__detail" id={noteId}>
            {t('createGroup.where.registrationNote')}
          </span>
        )}
      </span>
    </label>
  );
}
