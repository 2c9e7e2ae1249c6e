/**
 * Group registrations, many at once: every group the user owns on every account, by account and
 * group service, with its registration state; a selection (or "select all that need it"), and
 * one "Register selected with my saved profile" that shows the consent screen once for all the
 * receiving services, then registers in the main process with progress per row. Failures can be
 * retried; the main process never registers an (account, service) twice, and the button is
 * locked while a submission runs so a double click sends one request.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { PolicyAnswer } from '../../../shared/contract';
import { IDENTITY_KINDS } from '../../../shared/realnameFields';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { ConsentScreen } from './ConsentScreen';
import { CoveredServices } from './CoveredServices';
import { RegistrationDialog } from './RegistrationDialog';
import { RegistrationRowItem } from './RegistrationRowItem';
import {
  chosenRows,
  failedJobs,
  isWorking,
  needingRegistration,
  receivingServices,
  registrationRows,
} from './registrationRows';
import '../../styles/realname.css';

type Policy = NonNullable<PolicyAnswer['policy']>;

export function RegistrationsView({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const { groups, jobs, loading, profile } = useAppStore(
    useShallow((s) => ({
      groups: s.realnameGroups,
      jobs: s.realnameJobs,
      loading: s.realnameGroupsLoading,
      profile: s.realnameProfile,
    })),
  );
  const groupsRequested = useAppStore((s) => s.realnameGroupsRequested);
  const profileRequested = useAppStore((s) => s.realnameProfileRequested);
  const registerMany = useAppStore((s) => s.realnameRegisterManySubmitted);
  const retried = useAppStore((s) => s.realnameRetried);
  const request = useAppStore((s) => s.realnameRequest);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [consent, setConsent] = useState<readonly Policy[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [single, setSingle] = useState<{ accountId: string; service: string } | null>(null);
  const inFlight = useRef(false);
  // Bumped when a single registration closes: the services' states are asked again.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    void groupsRequested().then((r) => !r.ok && setFailure(errorText(t, r.error)));
    void profileRequested();
  }, [groupsRequested, profileRequested, t]);

  const rows = useMemo(() => registrationRows(groups ?? [], jobs), [groups, jobs]);
  const working = rows.some(isWorking);
  // Once the last running item ends, ask for the groups again: states come from the services.
  const wasWorking = useRef(false);
  useEffect(() => {
    if (wasWorking.current && !working) void groupsRequested();
    wasWorking.current = working;
  }, [working, groupsRequested]);

  const chosen = chosenRows(rows, selected);
  const byAccount = new Map<string, typeof rows>();
  for (const row of rows)
    byAccount.set(row.group.accountId, [...(byAccount.get(row.group.accountId) ?? []), row]);
  const failed = failedJobs(rows);

  /** Runs one request at a time: a second click while one runs does nothing. */
  const once = async (run: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setFailure(null);
    try {
      await run();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const askConsent = () =>
    once(async () => {
      const policies: Policy[] = [];
      for (const ref of receivingServices(chosen)) {
        const answer = await request('realname.policy', {
          accountId: ref.accountId,
          service: ref.service,
        });
        if (!answer.ok) return setFailure(errorText(t, answer.error, { host: ref.service }));
        if (answer.value.policy) policies.push(answer.value.policy);
      }
      setConsent(policies);
    });

  const submit = (policies: readonly Policy[]) =>
    once(async () => {
      const result = await registerMany(
        chosen.map((row) => ({ accountId: row.group.accountId, service: row.group.service })),
        { registrationServices: policies.map((p) => p.registrationService), kinds: IDENTITY_KINDS },
      );
      setConsent(null);
      if (!result.ok) return setFailure(errorText(t, result.error));
      setSelected(new Set());
    });

  const retry = () =>
    once(async () => {
      for (const jobId of failed) {
        const result = await retried(jobId);
        if (!result.ok) return setFailure(errorText(t, result.error));
      }
    });

  const toggle = (key: string, on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="form-dialog realname-bulk">
      <h2 className="form-dialog__title" id={titleId}>
        {t('realname.bulk.title')}
      </h2>
      {consent ? (
        <ConsentScreen
          recipients={consent}
          items={IDENTITY_KINDS.map((kind) => t(`realname.profile.fields.${kind}`))}
          note={t('realname.bulk.consentGroups', {
            count: chosen.length,
            accounts: chosen
              .map((row) => `${row.group.accountId} → ${row.group.service}`)
              .join(', '),
          })}
          busy={busy}
          sendLabel={t('realname.bulk.send', { count: chosen.length })}
          onAgree={() => void submit(consent)}
          onBack={() => setConsent(null)}
        />
      ) : (
        <>
          <p className="form-dialog__intro">{t('realname.bulk.intro')}</p>
          {profile && !profile.saved && (
            <Alert tone="warning">{t('realname.bulk.noProfile')}</Alert>
          )}
          <div className="realname-bulk__tools">
            <button
              type="button"
              className="button"
              onClick={() => setSelected(new Set(needingRegistration(rows)))}
              disabled={busy}
            >
              {t('realname.bulk.selectMissing')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => void groupsRequested()}
              disabled={loading}
            >
              {t('realname.bulk.refresh')}
            </button>
            {failed.length > 0 && (
              <button type="button" className="button" onClick={() => void retry()} disabled={busy}>
                {t('realname.bulk.retry')}
              </button>
            )}
          </div>
          <div className="realname-bulk__list">
            {loading && groups === null && (
              <p role="status" className="realname-flow__status">
                <span className="spinner" aria-hidden="true" />
                {t('realname.bulk.loading')}
              </p>
            )}
            {groups !== null && rows.length === 0 && (
              <p className="form-dialog__note">{t('realname.bulk.none')}</p>
            )}
            {[...byAccount].map(([accountId, accountRows]) => (
              <section key={accountId} className="realname-bulk__account" aria-label={accountId}>
                <h3 className="realname-bulk__heading">
                  <bdi>{accountId}</bdi>
                </h3>
                <ul className="realname-bulk__rows">
                  {accountRows.map((row) => (
                    <RegistrationRowItem
                      key={row.key}
                      row={row}
                      selected={selected.has(row.key)}
                      onSelect={(on) => toggle(row.key, on)}
                      onRegister={() =>
                        setSingle({ accountId: row.group.accountId, service: row.group.service })
                      }
                      disabled={busy}
                    />
                  ))}
                </ul>
              </section>
            ))}
            <CoveredServices
              shown={new Set(rows.map((row) => row.key))}
              onRegister={(accountId, service) => setSingle({ accountId, service })}
              generation={generation}
            />
          </div>
          {failure && <Alert onDismiss={() => setFailure(null)}>{failure}</Alert>}
          <div className="form-dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              {t('common.close')}
            </button>
            <BusyButton
              className="button button--primary"
              busy={busy}
              disabled={chosen.length === 0 || !profile?.saved}
              onClick={() => void askConsent()}
            >
              {t('realname.bulk.register', { count: chosen.length })}
            </BusyButton>
          </div>
        </>
      )}
      {single && (
        <RegistrationDialog
          accountId={single.accountId}
          service={single.service}
          onClose={() => {
            setSingle(null);
            setGeneration((n) => n + 1);
            void groupsRequested();
          }}
        />
      )}
    </Modal>
  );
}
