/**
 * The accounts at the top of the sidebar, in one row that never grows: a chip per account (as
 * many as fit; the rest behind a "+N" menu) and "Add account". A chip opens the account's
 * popover with everything the old account card held. The row is a toolbar with one tab stop:
 * Left and Right, Home and End move between its buttons. Each account also keeps a live region
 * (visually hidden, named by the account) so that a connection lost in the background is
 * announced, and so the chip can point at it for its description.
 */
import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../components/Icon';
import { Menu, type MenuAnchor } from '../../components/Menu';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';
import { listMove } from '../chats/listNavigation';
import { AccountChip } from './AccountChip';
import { AccountPopover } from './AccountPopover';
import { connectionText, ConnectionState, needsAttention } from './ConnectionState';

/** A chip's width with its gap, and the room kept for "+N" and "Add account", in px (accounts.css). */
const CHIP = 40;
const RESERVED = 44;

/** How many chips fit in the bar's width (all of them until it is measured). */
function useFit(count: number): [(element: HTMLDivElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observe = useCallback((element: HTMLDivElement | null) => {
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  if (width === 0) return [observe, count];
  const slots = Math.max(1, Math.floor((width - RESERVED) / CHIP));
  // One slot goes to "+N" when not all fit.
  return [observe, count <= slots ? count : Math.max(1, slots - 1)];
}

interface Open {
  readonly accountId: string;
  readonly anchor: HTMLElement;
}

export function AccountStrip() {
  const { t } = useTranslation();
  const accounts = useAppStore(
    useShallow((s) => s.accountOrder.map((id) => s.accounts[id]).filter((a) => a !== undefined)),
  );
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const signInReset = useAppStore((s) => s.signInReset);
  const [open, setOpen] = useState<Open | null>(null);
  const [moreMenu, setMoreMenu] = useState<MenuAnchor | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const barRef = useRef<HTMLDivElement | null>(null);
  const [observe, fit] = useFit(accounts.length);
  const titleId = useId();
  const prefix = useId();
  const statusId = (accountId: string) => `${prefix}-${encodeURIComponent(accountId)}`;

  const visible = accounts.slice(0, fit);
  const overflow = accounts.slice(fit);
  const wide = accounts.length === 1;
  // Toolbar items in order: the chips, "+N" when some do not fit, "Add account".
  const itemCount = visible.length + (overflow.length > 0 ? 1 : 0) + 1;
  const tabStop = Math.min(focusIndex, itemCount - 1);
  const openAccount = open ? accounts.find((a) => a.accountId === open.accountId) : undefined;

  // A popover whose account was removed, or whose chip went behind "+N", has nothing to show.
  const anchorGone = open !== null && !open.anchor.isConnected;

  const items = () => [
    ...(barRef.current?.querySelectorAll<HTMLElement>('[data-strip-item]') ?? []),
  ];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const nodes = items();
    const at = nodes.indexOf(document.activeElement as HTMLElement);
    if (at < 0) return;
    const move = listMove(event.key, at, nodes.length, { orientation: 'horizontal' });
    // Enter and Space are the buttons' own.
    if (!move || !('to' in move)) return;
    event.preventDefault();
    setFocusIndex(move.to);
    nodes[move.to]?.focus();
  };

  const onItemFocus = (index: number) => () => setFocusIndex(index);

  const toggle = useCallback(
    (accountId: string, anchor: HTMLElement) =>
      setOpen((current) =>
        current?.accountId === accountId && current.anchor === anchor
          ? null
          : { accountId, anchor },
      ),
    [],
  );

  const close = (refocus: boolean) => {
    if (refocus) open?.anchor.focus();
    setOpen(null);
  };

  const setBar = useCallback(
    (element: HTMLDivElement | null) => {
      barRef.current = element;
      return observe(element);
    },
    [observe],
  );

  return (
    <section className="account-strip" aria-labelledby={titleId}>
      <h2 className="visually-hidden" id={titleId}>
        {t('account.title')}
      </h2>
      <div
        ref={setBar}
        className="account-strip__bar"
        role="toolbar"
        aria-label={t('account.title')}
        onKeyDown={onKeyDown}
      >
        <div className="account-strip__chips">
          {visible.map((account, i) => (
            <AccountChip
              key={account.accountId}
              account={account}
              describedBy={statusId(account.accountId)}
              expanded={open?.accountId === account.accountId}
              wide={wide}
              tabIndex={i === tabStop ? 0 : -1}
              onOpen={toggle}
              onFocus={onItemFocus(i)}
            />
          ))}
          {overflow.length > 0 && (
            <button
              type="button"
              className={`account-strip__more${overflow.some(needsAttention) ? ' account-strip__more--attention' : ''}`}
              aria-label={t('account.more', { count: overflow.length })}
              title={overflow.map((a) => `${accountName(a)}: ${connectionText(t, a)}`).join('\n')}
              aria-haspopup="menu"
              aria-expanded={moreMenu !== null}
              tabIndex={visible.length === tabStop ? 0 : -1}
              data-strip-item
              onFocus={onItemFocus(visible.length)}
              onClick={(e) => setMoreMenu(moreMenu ? null : { element: e.currentTarget })}
            >
              +{overflow.length}
            </button>
          )}
        </div>
        <button
          type="button"
          className="icon-button account-strip__add"
          aria-label={t('account.add')}
          title={t('account.add')}
          tabIndex={itemCount - 1 === tabStop ? 0 : -1}
          data-strip-item
          onFocus={onItemFocus(itemCount - 1)}
          onClick={() => {
            signInReset();
            dialogOpened({ kind: 'addAccount' });
          }}
        >
          <Icon name="plus" />
        </button>
      </div>
      <div className="visually-hidden">
        {accounts.map((account) => (
          <ConnectionState
            key={account.accountId}
            id={statusId(account.accountId)}
            account={account}
            live
            label={accountName(account)}
            countdown={false}
          />
        ))}
      </div>
      {moreMenu && 'element' in moreMenu && (
        <Menu
          label={t('account.moreMenu')}
          items={overflow.map((account) => ({
            id: account.accountId,
            label: `${accountName(account)} · ${connectionText(t, account)}`,
            onSelect: () => setOpen({ accountId: account.accountId, anchor: moreMenu.element }),
          }))}
          anchor={moreMenu}
          onClose={() => setMoreMenu(null)}
        />
      )}
      {open && openAccount && !anchorGone && (
        <AccountPopover account={openAccount} anchor={open.anchor} onClose={close} />
      )}
    </section>
  );
}
