/**
 * One account in full, as its popover from the account strip shows it: avatar with its state,
 * name, connection line (with the error and the retry countdown), own presence while online,
 * a changed certificate the user has not seen yet, the catch-up of its history while it runs,
 * and a menu (turn on/off, reconnect now, edit,
 * remove).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { MenuButton, type MenuItem } from '../../components/Menu';
import { PresenceDot, type DotState } from '../../components/PresenceDot';
import { useAppStore } from '../../store';
import { accountName, avatarTint } from '../../store/accounts.selectors';
import { AccountArchiveStatus } from './AccountArchiveStatus';
import { CertificateChangeNotice } from './CertificateChangeNotice';
import { ConnectionState } from './ConnectionState';
import { OwnPresence } from './OwnPresence';

/** The dot for an account: its own presence while online, else its connection state. */
export function dotOf(account: AccountSnapshot): DotState {
  if (account.status === 'online') return account.presence.show;
  return account.status === 'connecting' || account.status === 'disabled'
    ? account.status
    : 'offline';
}

export function AccountCard({
  account,
  nameId,
}: {
  account: AccountSnapshot;
  /** The id of the name heading, which labels the popover. */
  nameId: string;
}) {
  const { t } = useTranslation();
  const accountEnabledChosen = useAppStore((s) => s.accountEnabledChosen);
  const reconnectRequested = useAppStore((s) => s.reconnectRequested);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const stateId = useId();
  const name = accountName(account);
  const { accountId, status } = account;
  const disabled = status === 'disabled';

  const items: MenuItem[] = [
    disabled
      ? {
          id: 'enable',
          icon: 'power',
          label: t('account.enable'),
          onSelect: () => void accountEnabledChosen(accountId, true),
        }
      : {
          id: 'disable',
          icon: 'power',
          label: t('account.disable'),
          onSelect: () => void accountEnabledChosen(accountId, false),
        },
    ...(status === 'offline'
      ? [
          {
            id: 'reconnect',
            icon: 'refresh' as const,
            label: t('connection.reconnectNow'),
            onSelect: () => void reconnectRequested(accountId),
          },
        ]
      : []),
    {
      id: 'edit',
      icon: 'edit',
      label: t('account.edit'),
      onSelect: () => dialogOpened({ kind: 'editAccount', accountId }),
    },
    {
      id: 'remove',
      icon: 'trash',
      danger: true,
      label: t('account.remove'),
      onSelect: () => dialogOpened({ kind: 'removeAccount', accountId }),
    },
  ];

  return (
    <div
      className={`account-card account-card--${status} account-card--tint${avatarTint(accountId)}`}
      aria-describedby={stateId}
    >
      <div className="account-card__row">
        <span className="account-card__avatar">
          <Avatar jid={account.jid} name={account.settings.label} size="sm" />
          <PresenceDot show={dotOf(account)} className="account-card__dot" />
        </span>
        <div className="account-card__text">
          <h3 className="account-card__name" id={nameId} title={account.boundJid ?? account.jid}>
            {name}
          </h3>
          {name !== account.jid && <span className="account-card__jid">{account.jid}</span>}
          <ConnectionState account={account} id={stateId} />
        </div>
        <MenuButton label={t('account.actions', { name })} items={items} />
      </div>
      {status === 'offline' && (
        <div className="account-card__actions">
          <button
            type="button"
            className="button button--small"
            onClick={() => void reconnectRequested(accountId)}
          >
            {t('connection.reconnect')}
          </button>
        </div>
      )}
      <CertificateChangeNotice account={account} />
      {status === 'online' && <OwnPresence account={account} />}
      <AccountArchiveStatus accountId={accountId} />
    </div>
  );
}
