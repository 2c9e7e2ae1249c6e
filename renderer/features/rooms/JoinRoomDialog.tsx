/**
 * "Join a group chat": the account, its group-chat services found by service discovery (never
 * typed in), the public rooms of the chosen one with a filter, name, description and how many
 * are in each, and the address (a name on the service, room@service, or an xmpp:…?join link),
 * nickname and password. Before entering a room whose occupants see real addresses, it warns,
 * more strongly for an account set to Tor only; the user then joins anyway or not at all. A
 * nickname already taken offers another.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type {
  GroupChatService,
  RoomInfo,
  RoomInvitation,
  RoomListing,
} from '../../../shared/contract';
import { roomAddress } from '../../../shared/links';
import { Alert } from '../../components/Alert';
import { FormDialog } from '../../components/FormDialog';
import { FieldError, TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';
import { useRoomDirectory } from './useRoomDirectory';

export function JoinRoomDialog({
  onClose,
  initial,
  invitation,
}: {
  onClose: () => void;
  initial?: string;
  /** Answering an invitation: its account and room, and its password stays in main. */
  invitation?: RoomInvitation;
}) {
  const { t } = useTranslation();
  const accounts = useAppStore(
    useShallow((s) => s.accountOrder.map((id) => s.accounts[id]).filter((a) => a !== undefined)),
  );
  const preferred = useAppStore((s) => s.accountFilter ?? s.activeAccountId);
  const roomRequest = useAppStore((s) => s.roomRequest);
  const roomJoinRequested = useAppStore((s) => s.roomJoinRequested);
  const invitationAnswered = useAppStore((s) => s.invitationAnswered);
  const online = accounts.filter((a) => a.status === 'online');
  const [accountId, setAccountId] = useState(
    invitation?.accountId ??
      online.find((a) => a.accountId === preferred)?.accountId ??
      online[0]?.accountId ??
      '',
  );
  const account = accounts.find((a) => a.accountId === accountId);
  const [address, setAddress] = useState(invitation?.room ?? initial ?? '');
  const [nick, setNick] = useState(() => accountId.split('@')[0] ?? '');
  const [password, setPassword] = useState('');
  const [addressError, setAddressError] = useState<string | null>(null);
  /** The room the warning is about: a second submit for the same room joins anyway. */
  const [warned, setWarned] = useState<RoomInfo | null>(null);
  const [info, setInfo] = useState<RoomInfo | null>(null);
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const { busy, failure, setFailure, run } = useSubmit(onClose);
  const titleId = useId();
  const addressId = useId();
  const addressErrorId = useId();
  const directory = useRoomDirectory(accountId);
  const service = directory.service;

  const onSubmit = async () => {
    const room = roomAddress(address, service?.jid);
    if (!room) {
      setAddressError(t('rooms.join.invalidAddress'));
      document.getElementById(addressId)?.focus();
      return;
    }
    setAddressError(null);
    setSuggestion(null);
    const about = await roomRequest('room.info', { accountId, room });
    if (!about.ok) return setFailure(errorText(t, about.error));
    setInfo(about.value);
    if (about.value.anonymity === 'non-anonymous' && warned?.jid !== room) {
      setWarned(about.value);
      return;
    }
    const answering = invitation && invitation.room === room ? invitation : undefined;
    await run(
      () =>
        answering
          ? invitationAnswered(answering.id, true, nick.trim())
          : roomJoinRequested({
              accountId,
              room,
              nick: nick.trim(),
              ...(password !== '' && { password }),
            }),
      {
        onFailure: (error) => {
          // A nickname in use: offer the same with a suffix, one click away.
          if (error.condition === 'nickname-conflict') setSuggestion(`${nick.trim()}_`);
        },
      },
    );
  };

  const torOnly = account?.settings.proxy.type === 'socks5' && account.settings.proxy.torOnly;
  const room = roomAddress(address, service?.jid);
  const warning = warned && warned.jid === room ? warned : null;

  return (
    <FormDialog
      titleId={titleId}
      title={t('rooms.join.title')}
      onCancel={onClose}
      onSubmit={onSubmit}
      busy={busy}
      failure={failure}
      submitLabel={warning ? t('rooms.join.submitAnyway') : t('rooms.join.submit')}
      submitDisabled={!accountId || nick.trim() === ''}
      wide
    >
      {online.length === 0 && <Alert tone="warning">{t('addContact.noAccountOnline')}</Alert>}
      {accounts.length > 1 && !invitation && (
        <label className="field">
          <span className="field__label">{t('rooms.join.account')}</span>
          <select
            value={accountId}
            onChange={(e) => {
              setAccountId(e.target.value);
              setNick(e.target.value.split('@')[0] ?? '');
            }}
          >
            {online.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {accountName(a)}
              </option>
            ))}
          </select>
        </label>
      )}
      <ServicePicker directory={directory} />
      {service && (
        <RoomBrowser
          rooms={directory.rooms}
          loading={directory.loadingRooms}
          info={directory.info}
          selected={room}
          onPick={(jid) => {
            setAddress(jid);
            setAddressError(null);
          }}
        />
      )}
      <TextField
        label={t('rooms.join.address')}
        id={addressId}
        value={address}
        onChange={(e) => {
          setAddress(e.target.value);
          setAddressError(null);
        }}
        hint={t('rooms.join.addressHint')}
        autoCapitalize="off"
        spellCheck={false}
        invalid={addressError !== null}
        describedBy={addressError ? addressErrorId : undefined}
        data-autofocus
      />
      {addressError && <FieldError id={addressErrorId}>{addressError}</FieldError>}
      <div className="field-row">
        <TextField
          label={t('rooms.join.nick')}
          className="field--grow"
          value={nick}
          maxLength={200}
          onChange={(e) => setNick(e.target.value)}
          hint={t('rooms.join.nickHint')}
        />
        <TextField
          label={t('rooms.join.password')}
          className="field--grow"
          type="password"
          value={password}
          autoComplete="off"
          onChange={(e) => setPassword(e.target.value)}
          hint={
            info?.jid === room && info?.passwordProtected
              ? t('rooms.join.passwordNeeded')
              : undefined
          }
        />
      </div>
      {info?.jid === room && !info.exists && (
        <p className="form-dialog__note">{t('rooms.join.creates')}</p>
      )}
      {warning && (
        <Alert tone="warning">
          {torOnly
            ? t('rooms.join.nonAnonymousTor', { account: accountId })
            : t('rooms.join.nonAnonymous', { account: accountId })}
        </Alert>
      )}
      {suggestion && failure && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            setNick(suggestion);
            setSuggestion(null);
            setFailure(null);
          }}
        >
          {t('rooms.join.useNick', { nick: suggestion })}
        </button>
      )}
    </FormDialog>
  );
}

function ServicePicker({ directory }: { directory: ReturnType<typeof useRoomDirectory> }) {
  const { t } = useTranslation();
  const { services, service, choose, loadingServices, error } = directory;
  if (loadingServices) return <p className="form-dialog__note">{t('rooms.join.serviceLoading')}</p>;
  if (error)
    return (
      <Alert tone="warning">{t('rooms.join.serviceFailed', { error: errorText(t, error) })}</Alert>
    );
  if (services.length === 0)
    return <p className="form-dialog__note">{t('rooms.join.noService')}</p>;
  if (services.length === 1) return null;
  return (
    <label className="field">
      <span className="field__label">{t('rooms.join.service')}</span>
      <select value={service?.jid ?? ''} onChange={(e) => choose(e.target.value)}>
        {services.map((s: GroupChatService) => (
          <option key={s.jid} value={s.jid}>
            {s.name ? `${s.name} (${s.jid})` : s.jid}
          </option>
        ))}
      </select>
    </label>
  );
}

function RoomBrowser({
  rooms,
  loading,
  info,
  selected,
  onPick,
}: {
  rooms: readonly RoomListing[];
  loading: boolean;
  info: Readonly<Record<string, RoomInfo>>;
  selected: string | null;
  onPick: (jid: string) => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const listId = useId();
  const shown = useMemo(() => {
    const words = filter.toLocaleLowerCase().split(/\s+/u).filter(Boolean);
    return rooms.filter((room) => {
      const about = info[room.jid];
      const text = [room.jid, room.name ?? '', about?.description ?? '']
        .join('\n')
        .toLocaleLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [rooms, info, filter]);
  return (
    <div className="room-browser">
      <div className="room-browser__head">
        <span className="field__label" id={`${listId}-label`}>
          {t('rooms.join.browse')}
        </span>
        <input
          type="search"
          className="room-browser__filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label={t('rooms.join.filter')}
          placeholder={t('rooms.join.filter')}
          aria-controls={listId}
        />
      </div>
      {loading ? (
        <p className="form-dialog__note">{t('rooms.join.roomsLoading')}</p>
      ) : shown.length === 0 ? (
        <p className="form-dialog__note">{t('rooms.join.noRooms')}</p>
      ) : (
        <ul className="room-browser__list" id={listId} aria-labelledby={`${listId}-label`}>
          {shown.map((room) => {
            const about = info[room.jid];
            const name = about?.name ?? room.name ?? room.jid.split('@')[0];
            return (
              <li key={room.jid}>
                <button
                  type="button"
                  className="room-browser__room"
                  aria-pressed={selected === room.jid}
                  onClick={() => onPick(room.jid)}
                >
                  <span className="room-browser__name">
                    <bdi>{name}</bdi>
                    {about?.occupants !== undefined && (
                      <span className="room-browser__count">
                        {t('rooms.join.people', { count: about.occupants })}
                      </span>
                    )}
                  </span>
                  {about?.description && (
                    <span className="room-browser__description">
                      <bdi>{about.description}</bdi>
                    </span>
                  )}
                  <span className="room-browser__jid">{room.jid}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
