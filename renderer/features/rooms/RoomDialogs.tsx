/**
 * The small dialogs of a room: its subject, an invitation, removing or banning an occupant
 * (with a reason everyone sees), and closing the room for everyone. Each is one request; the
 * room's answer (or refusal) shows in place.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toBare } from '../../../shared/jid';
import { visibleNick } from '../../../shared/nick';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormDialog } from '../../components/FormDialog';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/useSubmit';
import { useAppStore } from '../../store';
import { convKey } from '../../store/chat.selectors';

interface RoomDialogProps {
  readonly accountId: string;
  readonly room: string;
  readonly onClose: () => void;
}

/** The room's name for titles. */
export function useRoomName(accountId: string, room: string): string {
  return useAppStore((s) => s.rooms[convKey(accountId, room)]?.name) ?? room.split('@')[0]!;
}

export function SubjectDialog({ accountId, room, onClose }: RoomDialogProps) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const current = useAppStore((s) => s.rooms[convKey(accountId, room)]?.subject ?? '');
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [subject, setSubject] = useState(current);
  const { busy, failure, run } = useSubmit(onClose);
  const titleId = useId();
  return (
    <FormDialog
      titleId={titleId}
      title={t('rooms.subject.title', { room: name })}
      onCancel={onClose}
      onSubmit={() => run(() => roomRequest('room.setSubject', { accountId, room, subject }))}
      busy={busy}
      failure={failure}
      submitLabel={t('rooms.subject.save')}
    >
      <TextField
        label={t('rooms.subject.label')}
        value={subject}
        maxLength={1000}
        onChange={(e) => setSubject(e.target.value)}
        data-autofocus
      />
    </FormDialog>
  );
}

export function InviteDialog({ accountId, room, onClose }: RoomDialogProps) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [jid, setJid] = useState('');
  const [reason, setReason] = useState('');
  const { busy, failure, setFailure, run } = useSubmit(onClose);
  const titleId = useId();
  return (
    <FormDialog
      titleId={titleId}
      title={t('rooms.invite.title', { room: name })}
      onCancel={onClose}
      onSubmit={async () => {
        const bare = toBare(jid.trim());
        if (!bare || !bare.includes('@')) return setFailure(t('addContact.invalidJid'));
        await run(() =>
          roomRequest('room.invite', {
            accountId,
            room,
            jid: bare,
            ...(reason.trim() && { reason: reason.trim() }),
          }),
        );
      }}
      busy={busy}
      failure={failure}
      submitLabel={t('rooms.invite.send')}
    >
      <TextField
        label={t('rooms.invite.jid')}
        value={jid}
        inputMode="email"
        autoCapitalize="off"
        spellCheck={false}
        placeholder={t('signIn.jidPlaceholder')}
        onChange={(e) => setJid(e.target.value)}
        data-autofocus
      />
      <TextField
        label={t('rooms.invite.reason')}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
      />
    </FormDialog>
  );
}

export function NickDialog({ accountId, room, onClose }: RoomDialogProps) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const current = useAppStore((s) => s.rooms[convKey(accountId, room)]?.nick ?? '');
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [nick, setNick] = useState(current);
  const { busy, failure, run } = useSubmit(onClose);
  const titleId = useId();
  const wanted = nick.trim();
  return (
    <FormDialog
      titleId={titleId}
      title={t('rooms.nick.title', { room: name })}
      onCancel={onClose}
      onSubmit={() => run(() => roomRequest('room.nick', { accountId, room, nick: wanted }))}
      submitDisabled={wanted === '' || wanted === current}
      busy={busy}
      failure={failure}
      submitLabel={t('rooms.nick.save')}
    >
      <TextField
        label={t('rooms.nick.label')}
        hint={t('rooms.nick.hint')}
        value={nick}
        maxLength={200}
        autoCapitalize="off"
        spellCheck={false}
        onChange={(e) => setNick(e.target.value)}
        data-autofocus
      />
    </FormDialog>
  );
}

export function ModerateDialog({
  accountId,
  room,
  nick,
  action,
  onClose,
}: RoomDialogProps & { nick: string; action: 'kick' | 'ban' }) {
  const { t } = useTranslation();
  const roomRequest = useAppStore((s) => s.roomRequest);
  const realJid = useAppStore((s) => s.occupants[convKey(accountId, room)]?.[nick]?.realJid);
  const [reason, setReason] = useState('');
  const { busy, failure, run } = useSubmit(onClose);
  const titleId = useId();
  const shown = visibleNick(nick);
  const cannotBan = action === 'ban' && realJid === undefined;
  const extra = reason.trim() ? { reason: reason.trim() } : {};
  return (
    <FormDialog
      titleId={titleId}
      title={
        action === 'kick'
          ? t('rooms.moderate.kickTitle', { nick: shown })
          : t('rooms.moderate.banTitle', { nick: shown })
      }
      onCancel={onClose}
      onSubmit={() =>
        run(() =>
          action === 'kick'
            ? roomRequest('room.setRole', { accountId, room, nick, role: 'none', ...extra })
            : roomRequest('room.setAffiliation', {
                accountId,
                room,
                jid: realJid ?? '',
                affiliation: 'outcast',
                ...extra,
              }),
        )
      }
      busy={busy}
      failure={failure}
      submitLabel={action === 'kick' ? t('rooms.moderate.kick') : t('rooms.moderate.ban')}
      submitDisabled={cannotBan}
    >
      {cannotBan ? (
        <p className="form-dialog__note">{t('rooms.moderate.banNoJid')}</p>
      ) : (
        <TextField
          label={t('rooms.moderate.reason')}
          value={reason}
          maxLength={1000}
          onChange={(e) => setReason(e.target.value)}
          data-autofocus
        />
      )}
    </FormDialog>
  );
}

export function DestroyDialog({ accountId, room, onClose }: RoomDialogProps) {
  const { t } = useTranslation();
  const name = useRoomName(accountId, room);
  const roomRequest = useAppStore((s) => s.roomRequest);
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      title={t('rooms.destroy.title', { room: name })}
      confirmLabel={t('rooms.destroy.confirm')}
      onConfirm={() =>
        roomRequest('room.destroy', {
          accountId,
          room,
          ...(reason.trim() && { reason: reason.trim() }),
        })
      }
      onClose={onClose}
    >
      <p>{t('rooms.destroy.body')}</p>
      <TextField
        label={t('rooms.destroy.reason')}
        value={reason}
        maxLength={1000}
        onChange={(e) => setReason(e.target.value)}
      />
    </ConfirmDialog>
  );
}
