/** One account's archive catch-up while it runs, in its popover (the sidebar line sums them all). */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store';
import { selectLocale } from '../../store/ui.selectors';

export function AccountArchiveStatus({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const locale = useAppStore(selectLocale);
  // A number, so that the popover re-renders only when this account's count moves.
  const fetched = useAppStore((s) => {
    let total = -1;
    for (const p of Object.values(s.archiveProgress)) {
      if (p.accountId !== accountId || (p.phase !== 'newest' && p.phase !== 'older')) continue;
      total = Math.max(total, 0) + p.fetched;
    }
    return total;
  });
  if (fetched < 0) return null;
  return (
    <p className="account-card__archive">
      <span className="spinner" aria-hidden="true" />
      {fetched === 0
        ? t('nav.fetchingHistoryStart')
        : t('nav.fetchingHistory', {
            count: fetched,
            formatted: new Intl.NumberFormat(locale).format(fetched),
          })}
    </p>
  );
}
