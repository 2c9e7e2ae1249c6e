/**
 * "12 new messages ↓": shown while the user reads older messages and new ones arrive below the
 * view; takes them to the newest. Not a live region: in a flood its count changes many times a
 * second, and announcing each would drown whatever the screen reader was reading.
 */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';

interface NewMessagesButtonProps {
  readonly count: number;
  readonly onClick: () => void;
}

export function NewMessagesButton({ count, onClick }: NewMessagesButtonProps) {
  const { t } = useTranslation();
  return (
    <button type="button" className="messages__newest" onClick={onClick}>
      {t('chat.newMessages', { count })}
      <Icon name="chevron" />
    </button>
  );
}
