/**
 * A room's affiliation lists (XEP-0045 §9-10): its owners, admins and members, or the people it
 * bans; each can be removed, and an address added with the chosen affiliation. The lists are
 * asked again after every change, so what shows is what the room holds.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Affiliation, AffiliationEntry } from '../../../shared/contract';
import { toBare } from '../../../shared/jid';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { useRoomName } from './RoomDialogs';

const ROLES_LISTS: readonly Affiliation[] = ['owner', 'admin', 'member'];
const BANS: readonly Affiliation[] = ['outcast'];

export function RoomListsDialog({
  accountId,
  room,
  list,
  onClose,
}: {
  accountId: string;
  room: string;
  list: 'roles' | 'bans';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const roomRequest = useAppStore((s) => s.roomRequest);
  const affiliations = list === 'bans' ? BANS : ROLES_LISTS;
  const [entries, setEntries] = useState<readonly AffiliationEntry[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [jid, setJid] = useState('');
  const [as, setAs] = useState<Affiliation>(affiliations.at(-1)!);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void Promise.all(
      affiliations.map((affiliation) =>
        roomRequest('room.affiliations', { accountId, room, affiliation }),
      ),
    ).then((results) => {
      if (!live) return;
      const failed = results.find((r) => !r.ok);
      if (failed && !failed.ok) setFailure(errorText(t, failed.error));
      setEntries(results.flatMap((r) => (r.ok ? r.value : [])));
    });
    return () => {
      live = false;
    };
  }, [accountId, room, affiliations, roomRequest, t, generation]);
  const load = () => setGeneration((g) => g + 1);

  const change = async (target: string, affiliation: Affiliation) => {
    setBusy(true);
    setFailure(null);
    const result = await roomRequest('room.setAffiliation', {
      accountId,
      room,
      jid: target,
      affiliation,
    });
    setBusy(false);
    if (!result.ok) return setFailure(errorText(t, result.error));
    load();
  };

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="form-dialog form-dialog--wide">
      <h2 className="form-dialog__title" id={titleId}>
        {list === 'bans'
          ? t('rooms.lists.bansTitle', { room: name })
          : t('rooms.lists.title', { room: name })}
      </h2>
      {entries === null ? (
        <p className="form-dialog__note">{t('rooms.lists.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="form-dialog__note">{t('rooms.lists.empty')}</p>
      ) : (
        <ul className="affiliations" aria-labelledby={titleId}>
          {entries.map((entry) => (
            <li key={`${entry.affiliation}:${entry.jid}`} className="affiliations__row">
              <span className="affiliations__jid">{entry.jid}</span>
              <span className="affiliations__what">
                {t(`rooms.affiliation.${entry.affiliation}`)}
              </span>
              {entry.reason && <bdi className="affiliations__reason">{entry.reason}</bdi>}
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                aria-label={t('rooms.lists.remove', { jid: entry.jid })}
                onClick={() => void change(entry.jid, 'none')}
              >
                {t('rooms.lists.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="affiliations__add"
        onSubmit={(event) => {
          event.preventDefault();
          const bare = toBare(jid.trim());
          if (!bare || !bare.includes('@')) return setFailure(t('addContact.invalidJid'));
          void change(bare, as).then(() => setJid(''));
        }}
      >
        <label className="field field--grow">
          <span className="field__label">{t('rooms.lists.addJid')}</span>
          <input
            value={jid}
            onChange={(e) => setJid(e.target.value)}
            inputMode="email"
            autoCapitalize="off"
            spellCheck={false}
            data-autofocus
          />
        </label>
        {affiliations.length > 1 && (
          <label className="field">
            <span className="field__label">{t('rooms.lists.as')}</span>
            <select value={as} onChange={(e) => setAs(e.target.value as Affiliation)}>
              {affiliations.map((a) => (
                <option key={a} value={a}>
                  {t(`rooms.affiliation.${a}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="button" disabled={busy}>
          {t('rooms.lists.add')}
        </button>
      </form>
      {failure && <Alert>{failure}</Alert>}
      <div className="form-dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          {t('rooms.lists.close')}
        </button>
      </div>
    </Modal>
  );
}
