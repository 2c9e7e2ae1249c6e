/** The dialog the store says is open (ui.slice `dialog`), over the main window. */
import { AddAccountDialog } from './features/account/AddAccountDialog';
import { EditAccountDialog } from './features/account/EditAccountDialog';
import { RemoveAccountDialog } from './features/account/RemoveAccountDialog';
import { AddContactDialog } from './features/contacts/AddContactDialog';
import { EditContactDialog } from './features/contacts/EditContactDialog';
import { RemoveContactDialog } from './features/contacts/RemoveContactDialog';
import { OtrContactDialog } from './features/chat/OtrContactDialog';
import { OtrVerifyDialog } from './features/chat/OtrVerifyDialog';
import { CreateGroupWizard } from './features/rooms/CreateGroupWizard';
import { JoinRoomDialog } from './features/rooms/JoinRoomDialog';
import { RoomConfigDialog } from './features/rooms/RoomConfigDialog';
import {
  DestroyDialog,
  InviteDialog,
  ModerateDialog,
  NickDialog,
  SubjectDialog,
} from './features/rooms/RoomDialogs';
import { RoomListsDialog } from './features/rooms/RoomListsDialog';
import { RegistrationsView } from './features/realname/RegistrationsView';
import { useAppStore } from './store';

export function Dialogs() {
  const dialog = useAppStore((s) => s.dialog);
  const accounts = useAppStore((s) => s.accounts);
  const rosters = useAppStore((s) => s.rosters);
  const close = useAppStore((s) => s.dialogClosed);
  if (!dialog) return null;

  switch (dialog.kind) {
    case 'addAccount':
      return <AddAccountDialog onClose={close} />;
    case 'editAccount': {
      const account = accounts[dialog.accountId];
      return account ? <EditAccountDialog account={account} onClose={close} /> : null;
    }
    case 'removeAccount': {
      const account = accounts[dialog.accountId];
      return account ? <RemoveAccountDialog account={account} onClose={close} /> : null;
    }
    case 'addContact':
      return <AddContactDialog onClose={close} />;
    case 'editContact': {
      const contact = rosters[dialog.accountId]?.find((c) => c.jid === dialog.jid);
      return contact ? (
        <EditContactDialog
          accountId={dialog.accountId}
          contact={contact}
          focus={dialog.focus}
          onClose={close}
        />
      ) : null;
    }
    case 'removeContact':
      return <RemoveContactDialog accountId={dialog.accountId} jid={dialog.jid} onClose={close} />;
    case 'joinRoom':
      return (
        <JoinRoomDialog
          onClose={close}
          {...(dialog.initial && { initial: dialog.initial })}
          {...(dialog.invitation && { invitation: dialog.invitation })}
        />
      );
    case 'registrations':
      return <RegistrationsView onClose={close} />;
    case 'createGroup':
      return <CreateGroupWizard onClose={close} />;
    case 'roomSubject':
      return <SubjectDialog accountId={dialog.accountId} room={dialog.room} onClose={close} />;
    case 'roomInvite':
      return <InviteDialog accountId={dialog.accountId} room={dialog.room} onClose={close} />;
    case 'otrVerify':
    case 'otrContact': {
      const name =
        rosters[dialog.accountId]?.find((c) => c.jid === dialog.peer)?.name || dialog.peer;
      const Dialog = dialog.kind === 'otrVerify' ? OtrVerifyDialog : OtrContactDialog;
      return <Dialog accountId={dialog.accountId} peer={dialog.peer} name={name} onClose={close} />;
    }
    case 'roomNick':
      return <NickDialog accountId={dialog.accountId} room={dialog.room} onClose={close} />;
    case 'roomConfig':
      return <RoomConfigDialog accountId={dialog.accountId} room={dialog.room} onClose={close} />;
    case 'roomLists':
      return (
        <RoomListsDialog
          accountId={dialog.accountId}
          room={dialog.room}
          list={dialog.list}
          onClose={close}
        />
      );
    case 'roomDestroy':
      return <DestroyDialog accountId={dialog.accountId} room={dialog.room} onClose={close} />;
    case 'occupantModerate':
      return (
        <ModerateDialog
          accountId={dialog.accountId}
          room={dialog.room}
          nick={dialog.nick}
          action={dialog.action}
          onClose={close}
        />
      );
  }
}
