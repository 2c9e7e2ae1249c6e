/** The chat's window-wide parts: message search (Ctrl+K) and the link confirmation dialog. */
import { LinkConfirmDialog } from '../links/LinkConfirmDialog';
import { MessageSearch } from '../search/MessageSearch';

export function ChatOverlays() {
  return (
    <>
      <MessageSearch />
      <LinkConfirmDialog />
    </>
  );
}
