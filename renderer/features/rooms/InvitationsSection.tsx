/**
 * Invitations to rooms, at the top of the sidebar like subscription requests: who invites (and
 * whether they are a contact: anyone can send one), to which room, with their message, and Join
 * (through the join dialog, with its nickname and warnings) or Decline. Nothing is joined until
 * the user says so.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { useAppStore } from '../../store';
import { AccountBadge, selectManyAccounts } from '../contacts/AccountBadge';

export function InvitationsSection() {
  const { t } = useTranslation();
  const invitations = useAppStore((s) => s.invitations);
  const many = useAppStore(selectManyAccounts);
  const answered = useAppStore((s) => s.invitationAnswered);
  const actionFailed = useAppStore((s) => s.actionFailed);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const titleId = useId();
  if (invitations.length === 0) return null;

  return (
    <section className="requests" aria-labelledby={titleId}>
      <h2 className="requests__title" id={titleId}>
        {t('rooms.invitations.title', { count: invitations.length })}
      </h2>
      <ul className="requests__list">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="request" aria-label={invitation.room}>
            <Avatar jid={invitation.room} size="sm" shape="square" />
            <div className="request__text">
              <span className="request__jid">
                {t('rooms.invitations.from', {
                  inviter: invitation.inviter,
                  room: invitation.room,
                })}
              </span>
              <span className="request__line">
                {invitation.reason && <bdi className="request__reason">{invitation.reason}</bdi>}
                {!invitation.fromContact && (
                  <span className="request__stranger">{t('rooms.invitations.stranger')}</span>
                )}
                {many && <AccountBadge accountId={invitation.accountId} />}
              </span>
            </div>
            <div className="request__actions">
              <button
                type="button"
                className="button button--small button--primary"
                aria-label={t('rooms.invitations.acceptFor', { room: invitation.room })}
                // Through the join dialog: nickname, and the warning a non-anonymous room needs.
                onClick={() => dialogOpened({ kind: 'joinRoom', invitation })}
              >
                {t('rooms.invitations.accept')}
              </button>
              <button
                type="button"
                className="button button--small"
                aria-label={t('rooms.invitations.declineFor', { room: invitation.room })}
                onClick={() =>
                  void answered(invitation.id, false).then((result) => {
                    if (!result.ok) actionFailed(result.error);
                  })
                }
              >
                {t('rooms.invitations.decline')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
