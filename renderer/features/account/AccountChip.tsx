/**
 * One account in the account strip: its avatar with a presence or connection dot, and a warning
 * badge while it needs the user (disconnected with an error, a password or a certificate to
 * confirm). The tooltip says the state in words; the popover it opens has the details. With a
 * single account the chip also shows the name and state, since there is room.
 */
import type { FocusEvent, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSnapshot } from '../../../shared/contract';
import { Avatar } from '../../components/Avatar';
import { PresenceDot } from '../../components/PresenceDot';
import { accountName } from '../../store/accounts.selectors';
import { dotOf } from './AccountCard';
import { connectionText, needsAttention } from './ConnectionState';

interface AccountChipProps {
  readonly account: AccountSnapshot;
  readonly describedBy: string;
  readonly expanded: boolean;
  readonly wide: boolean;
  readonly tabIndex: number;
  readonly onOpen: (accountId: string, anchor: HTMLElement) => void;
  readonly onFocus: (event: FocusEvent<HTMLButtonElement>) => void;
}

export function AccountChip({
  account,
  describedBy,
  expanded,
  wide,
  tabIndex,
  onOpen,
  onFocus,
}: AccountChipProps) {
  const { t } = useTranslation();
  const name = accountName(account);
  // Online, what matters is the presence others see; otherwise the connection and its error.
  const online = account.status === 'online';
  const { show, status } = account.presence;
  const state = online
    ? `${t(`presence.${show}`)}${status ? ` · ${status}` : ''}`
    : connectionText(t, account);
  const attention = needsAttention(account);
  return (
    <button
      type="button"
      className={`account-chip account-chip--${account.status}${wide ? ' account-chip--wide' : ''}${attention ? ' account-chip--attention' : ''}${expanded ? ' account-chip--open' : ''}`}
      aria-label={name}
      aria-describedby={describedBy}
      aria-haspopup="dialog"
      aria-expanded={expanded}
      title={`${name}\n${state}`}
      tabIndex={tabIndex}
      data-strip-item
      onClick={(e: MouseEvent<HTMLButtonElement>) => onOpen(account.accountId, e.currentTarget)}
      onFocus={onFocus}
    >
      <span className="account-chip__avatar">
        <Avatar jid={account.jid} name={account.settings.label} size="sm" />
        <PresenceDot show={dotOf(account)} className="account-chip__dot" />
        {attention && (
          <span className="account-chip__badge" aria-hidden="true">
            !
          </span>
        )}
      </span>
      {wide && (
        <span className="account-chip__text" aria-hidden="true">
          <span className="account-chip__name">{name}</span>
          <span
            className={`account-chip__state ${online ? `contact__presence--${show}` : `conn-state--${account.status}`}`}
          >
            {state}
          </span>
        </span>
      )}
    </button>
  );
}
