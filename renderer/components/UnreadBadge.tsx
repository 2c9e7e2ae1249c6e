/** The unread count of a list row: a badge for the eye, the full count for screen readers. */
import { useTranslation } from 'react-i18next';

export function UnreadBadge({ count, className }: { count: number; className: string }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <>
      <span className={className} aria-hidden="true">
        {count > 99 ? '99+' : count}
      </span>
      <span className="visually-hidden">{t('roster.unread', { count })}</span>
    </>
  );
}
