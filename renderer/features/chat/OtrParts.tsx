/**
 * OTR in a one-to-one conversation's pane: a lock button in the header that says plainly whether
 * the conversation is private (and verified) and opens the actions that fit (start, refresh,
 * end), and a banner when the other side ended it or shows a key we did not know.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtrConversationState } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';

/** One conversation's contact, and the name to call them by. */
interface OtrPartProps {
  readonly accountId: string;
  readonly peer: string;
  readonly name: string;
}

type Shown = 'plaintext' | 'starting' | 'private' | 'verified' | 'finished';

function shownState(state: OtrConversationState | undefined): Shown {
  if (!state) return 'plaintext';
  if (state.state === 'private' && state.trust && state.trust !== 'unverified') return 'verified';
  return state.state;
}

/**
 * Whether this contact has its own policy "always" (nothing in plaintext), and a way to set or
 * drop it (then the account's policy applies). Read from the store, which the privacy settings
 * dialog updates too.
 */
function useContactAlways(accountId: string, peer: string) {
  const setting = useAppStore((s) => s.otrContactPolicies[convKey(accountId, peer)]);
  const requested = useAppStore((s) => s.otrContactPolicyRequested);
  const saved = useAppStore((s) => s.otrContactPolicySaved);
  const actionFailed = useAppStore((s) => s.actionFailed);
  useEffect(() => {
    void requested(accountId, peer);
  }, [accountId, peer, requested]);
  const set = (next: boolean) =>
    void saved(accountId, peer, next ? 'always' : undefined).then((result) => {
      if (!result.ok) actionFailed(result.error);
    });
  return { on: !!setting && !setting.inherited && setting.policy === 'always', set };
}

/** Start or end the private conversation; a refusal shows as the action error. */
function useOtrAction(accountId: string, peer: string) {
  const request = useAppStore((s) => s.otrRequested);
  const actionFailed = useAppStore((s) => s.actionFailed);
  return (action: 'start' | 'end') =>
    void request(action, accountId, peer).then((result) => {
      if (!result.ok) actionFailed(result.error);
    });
}

function useOtrState(accountId: string, peer: string) {
  const state = useAppStore((s) => s.otrStates[convKey(accountId, peer)]);
  const requested = useAppStore((s) => s.otrStateRequested);
  useEffect(() => {
    void requested(accountId, peer);
  }, [accountId, peer, requested]);
  return state;
}

export function OtrButton({ accountId, peer, name }: OtrPartProps) {
  const { t } = useTranslation();
  const state = useOtrState(accountId, peer);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const shown = shownState(state);
  const run = useOtrAction(accountId, peer);
  const act = (action: 'start' | 'end') => () => run(action);
  const start: MenuItem = {
    id: 'start',
    label: t('otr.start'),
    icon: 'lock',
    onSelect: act('start'),
  };
  const refresh: MenuItem = {
    id: 'refresh',
    label: t('otr.refresh'),
    icon: 'refresh',
    onSelect: act('start'),
  };
  const end: MenuItem = { id: 'end', label: t('otr.end'), icon: 'close', onSelect: act('end') };
  const verify: MenuItem = {
    id: 'verify',
    label: t('otr.verifyMenu', { name }),
    icon: 'shield',
    onSelect: () => dialogOpened({ kind: 'otrVerify', accountId, peer }),
  };
  const always = useContactAlways(accountId, peer);
  const alwaysItem: MenuItem = {
    id: 'always',
    label: always.on ? t('otr.alwaysOff', { name }) : t('otr.alwaysOn', { name }),
    icon: 'shield',
    onSelect: () => always.set(!always.on),
  };
  const settings: MenuItem = {
    id: 'settings',
    label: t('otr.settingsMenu', { name }),
    icon: 'settings',
    onSelect: () => dialogOpened({ kind: 'otrContact', accountId, peer }),
  };
  const selectDevice = useAppStore((s) => s.otrDeviceSelected);
  const actionFailed = useAppStore((s) => s.actionFailed);
  // Several of the contact's devices are private with us: the others can be picked.
  const otherDevices: MenuItem[] =
    shown === 'private' || shown === 'verified'
      ? (state?.devices ?? [])
          .filter((device) => device !== state?.device)
          .map((device) => ({
            id: `device:${device}`,
            label: t('otr.useDevice', { device }),
            icon: 'refresh',
            onSelect: () =>
              void selectDevice(accountId, peer, device).then((result) => {
                if (!result.ok) actionFailed(result.error);
              }),
          }))
      : [];
  const items: MenuItem[] = [
    ...(shown === 'plaintext'
      ? [start]
      : shown === 'starting'
        ? [end]
        : shown === 'finished'
          ? [end, { ...start, label: t('otr.startAgain') }]
          : [verify, ...otherDevices, refresh, end]),
    alwaysItem,
    settings,
  ];
  return (
    <span className={`otr otr--${shown}`}>
      <MenuButton
        icon="lock"
        className="otr__button"
        label={t('otr.menuLabel', { name, state: t(`otr.state.${shown}`) })}
        items={items}
      />
      <span className="otr__state" aria-hidden="true">
        {t(`otr.state.${shown}`)}
        {state?.device && (shown === 'private' || shown === 'verified') && (
          <span className="otr__device"> · {t('otr.device', { device: state.device })}</span>
        )}
      </span>
    </span>
  );
}

export function OtrBanner({ accountId, peer, name }: OtrPartProps) {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.otrStates[convKey(accountId, peer)]);
  const smp = useAppStore((s) => s.otrSmp[convKey(accountId, peer)]);
  const notice = useAppStore((s) => s.otrNotices[convKey(accountId, peer)]);
  const noticeDismissed = useAppStore((s) => s.otrNoticeDismissed);
  const act = useOtrAction(accountId, peer);
  if (state?.state === 'private' && smp?.phase === 'asked') {
    return <SmpQuestion accountId={accountId} peer={peer} name={name} question={smp.question} />;
  }
  if (state?.state === 'finished') {
    return (
      <div className="otr-banner" role="status">
        <span>{t('otr.finished', { name })}</span>
        <span className="otr-banner__actions">
          <button type="button" className="button button--small" onClick={() => act('end')}>
            {t('otr.endNow')}
          </button>
          <button
            type="button"
            className="button button--small button--primary"
            onClick={() => act('start')}
          >
            {t('otr.startAgain')}
          </button>
        </span>
      </div>
    );
  }
  if (state?.state === 'private' && state.changed) {
    return <ChangedKey accountId={accountId} peer={peer} name={name} />;
  }
  if (notice) {
    return (
      <Alert tone="warning" onDismiss={() => noticeDismissed(accountId, peer)}>
        {t(`otr.notice.${notice.code}`, { name, text: notice.text ?? '' })}
      </Alert>
    );
  }
  return null;
}

/** The contact asks to verify: their question, our answer (the same secret), or not now. */
function SmpQuestion({
  accountId,
  peer,
  name,
  question,
}: {
  accountId: string;
  peer: string;
  name: string;
  question: string | undefined;
}) {
  const { t } = useTranslation();
  const smpRequested = useAppStore((s) => s.otrSmpRequested);
  const actionFailed = useAppStore((s) => s.actionFailed);
  const [answer, setAnswer] = useState('');
  const fieldId = useId();
  const send = (action: 'answer' | 'abort') =>
    void smpRequested(accountId, peer, action, action === 'answer' ? answer : undefined).then(
      (result) => {
        if (!result.ok) actionFailed(result.error);
      },
    );
  return (
    <form
      className="otr-banner otr-banner--ask"
      aria-label={t('otr.asked.label', { name })}
      onSubmit={(event) => {
        event.preventDefault();
        if (answer.trim() !== '') send('answer');
      }}
    >
      <span>
        {question ? t('otr.asked.question', { name, question }) : t('otr.asked.secret', { name })}
      </span>
      <span className="otr-banner__actions">
        <label className="visually-hidden" htmlFor={fieldId}>
          {t('otr.asked.answer')}
        </label>
        <input
          id={fieldId}
          className="otr-banner__input"
          value={answer}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('otr.asked.answer')}
          onChange={(e) => setAnswer(e.target.value)}
        />
        <button
          type="submit"
          className="button button--small button--primary"
          disabled={answer.trim() === ''}
        >
          {t('otr.asked.send')}
        </button>
        <button type="button" className="button button--small" onClick={() => send('abort')}>
          {t('otr.asked.notNow')}
        </button>
      </span>
    </form>
  );
}

/** The contact shows a key we never saw for them: nothing is sent until our user decides. */
function ChangedKey({ accountId, peer, name }: OtrPartProps) {
  const { t } = useTranslation();
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const acknowledged = useAppStore((s) => s.otrAcknowledged);
  const actionFailed = useAppStore((s) => s.actionFailed);
  return (
    <div className="otr-banner otr-banner--changed" role="alert">
      <span>{t('otr.changed', { name })}</span>
      <span className="otr-banner__actions">
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => dialogOpened({ kind: 'otrVerify', accountId, peer })}
        >
          {t('otr.verifyMenu', { name })}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            void acknowledged(accountId, peer).then((result) => {
              if (!result.ok) actionFailed(result.error);
            })
          }
        >
          {t('otr.goOn')}
        </button>
      </span>
    </div>
  );
}
