/**
 * The actions on one contact (rename, edit groups, remove), as menu items: the row's context
 * menu and the details pane's menu button show the same ones. The chat pane may reuse it.
 */
import { useTranslation } from 'react-i18next';
import type { MenuItem } from '../../components/Menu';
import { useAppStore } from '../../store';

export function useContactActions(): (accountId: string, jid: string) => MenuItem[] {
  const { t } = useTranslation();
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  return (accountId, jid) => [
    {
      id: 'rename',
      icon: 'edit',
      label: t('contact.rename'),
      onSelect: () => dialogOpened({ kind: 'editContact', accountId, jid, focus: 'name' }),
    },
    {
      id: 'groups',
      icon: 'tag',
      label: t('contact.editGroups'),
      onSelect: () => dialogOpened({ kind: 'editContact', accountId, jid, focus: 'groups' }),
    },
    {
      id: 'remove',
      icon: 'trash',
      danger: true,
      label: t('contact.remove'),
      onSelect: () => dialogOpened({ kind: 'removeContact', accountId, jid }),
    },
  ];
}
