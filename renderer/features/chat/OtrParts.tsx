/**
 * OTR in a one-to-one conversation's pane: a lock button in the header that says plainly whether
 * the conversation is private (and verified) and opens the actions that fit (start, refresh,
 * end), and a banner when the other side ended it or shows a key we did not know.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtrConversationState } from '../../../shared/contract';
import { Alert } from '../../components/Alert';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';

type Shown = 'plaintext' | 'starting' | 'private' | 'verified' | 'finished';

function shownState(state: OtrConversationState | undefined): Shown {
  if (!state) return 'plaintext';
  if (state.state === 'private' && state.trust && state.trust !== 'unverified') return 'verified';
  return state.state;
}

function useOtrState(accountId: string, peer: string) {
  const state = useAppStore((s) => s.otrStates[convKey(accountId, peer)]);
  const requested = useAppStore((s) => s.otrStateRequested);
  useEffect(() => {
    void requested(accountId, peer);
  }, [accountId, peer, requested]);
  return state;
}

export function OtrButton({
  accountId,
  peer,
  name,
}: {
  accountId: string;
  peer: string;
  name: string;
}) {
  const { t } = useTranslation();
  const state = useOtrState(accountId, peer);
  const request = useAppStore((s) => s.otrRequested);
  const actionFailed = useAppStore((s) => s.actionFailed);
  const shown = shownState(state);
  const act = (action: 'start' | 'end') => () =>
    void request(action, accountId, peer).then((result) => {
      if (!result.ok) actionFailed(result.error);
    });
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
  const items: MenuItem[] =
    shown === 'plaintext'
      ? [start]
      : shown === 'starting'
        ? [end]
        : shown === 'finished'
          ? [end, { ...start, label: t('otr.startAgain') }]
          : [refresh, end];
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
      </span>
    </span>
  );
}

export function OtrBanner({
  accountId,
  peer,
  name,
}: {
  accountId: string;
  peer: string;
  name: string;
}) {
  const { t } = useTranslation();
  const state = useAppStore((s) => s.otrStates[convKey(accountId, peer)]);
  const request = useAppStore((s) => s.otrRequested);
  const actionFailed = useAppStore((s) => s.actionFailed);
  const act = (action: 'start' | 'end') =>
    void request(action, accountId, peer).then((result) => {
      if (!result.ok) actionFailed(result.error);
    });
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
    return <Alert tone="warning">{t('otr.changed', { name })}</Alert>;
  }
  return null;
}
