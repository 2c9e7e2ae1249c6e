/**
 * A quiet line while archive catch-ups run ("Fetching history… 1,234"), so that history filling
 * in is explained without a dialog. The live region is always there (empty when idle): one that
 * appears together with its text is often not announced.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store';
import { selectArchiveActivity, selectLocale } from '../../store/ui.selectors';

export function ArchiveStatus() {
  const { t } = useTranslation();
  const { running, fetched } = useAppStore(useShallow(selectArchiveActivity));
  const locale = useAppStore(selectLocale);
  return (
    <p className={`archive-status${running > 0 ? ' archive-status--running' : ''}`} role="status">
      {running > 0 && (
        <>
          <span className="spinner archive-status__spinner" aria-hidden="true" />
          <span>
            {fetched === 0
              ? t('nav.fetchingHistoryStart')
              : t('nav.fetchingHistory', {
                  count: fetched,
                  formatted: new Intl.NumberFormat(locale).format(fetched),
                })}
          </span>
        </>
      )}
    </p>
  );
}
