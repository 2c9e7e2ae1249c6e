/**
 * Settings: language and theme (kept by the renderer), and how far back history is fetched from
 * the server (a preference of the main process, which catches up while no window is open). A
 * choice applies at once; a failed save says why and shows the value still in force.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { errorText } from '../../i18n/errorText';
import { useAppStore } from '../../store';
import { selectPrefs } from '../../store/ui.selectors';
import type { UiErrorInfo } from '../../transport';
import { ProfileSection } from '../realname/ProfileSection';
import { SettingsControls } from './SettingsControls';
import '../../styles/settings.css';

/** The windows offered, in days: a day, a week, a month, a year. */
export const ARCHIVE_WINDOWS = [1, 7, 30, 365] as const;
const WINDOW_KEYS: Record<(typeof ARCHIVE_WINDOWS)[number], string> = {
  1: 'prefs.windows.day',
  7: 'prefs.windows.week',
  30: 'prefs.windows.month',
  365: 'prefs.windows.year',
};

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const prefs = useAppStore(selectPrefs);
  const prefsChosen = useAppStore((s) => s.prefsChosen);
  const prefsRequested = useAppStore((s) => s.prefsRequested);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const [saving, setSaving] = useState(false);
  const titleId = useId();
  const windowId = useId();
  const hintId = useId();
  const current = prefs?.archiveWindowDays;
  // A window set elsewhere (another version, a file) is shown as it is rather than rounded.
  const custom = current !== undefined && !(ARCHIVE_WINDOWS as readonly number[]).includes(current);

  const missing = prefs === null;
  // Normally loaded at start; if that failed, ask again now and say why it fails.
  useEffect(() => {
    if (!missing) return;
    let live = true;
    void prefsRequested().then((result) => {
      if (live && !result.ok) setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [missing, prefsRequested]);

  const choose = async (days: number) => {
    setSaving(true);
    const result = await prefsChosen({ archiveWindowDays: days });
    setSaving(false);
    setError(result.ok ? null : result.error);
  };

  return (
    <Modal labelledBy={titleId} onCancel={onClose} className="settings-dialog">
      <h2 className="settings-dialog__title" id={titleId}>
        {t('prefs.title')}
      </h2>
      <section className="settings-dialog__section">
        <h3 className="settings-dialog__heading">{t('prefs.appearance')}</h3>
        <SettingsControls />
      </section>
      <section className="settings-dialog__section">
        <h3 className="settings-dialog__heading">{t('prefs.history')}</h3>
        <div className="field">
          <label className="field__label" htmlFor={windowId}>
            {t('prefs.archiveWindow')}
          </label>
          <select
            id={windowId}
            value={current ?? ''}
            disabled={prefs === null || saving}
            aria-describedby={hintId}
            onChange={(e) => void choose(Number(e.target.value))}
            data-autofocus
          >
            {prefs === null && <option value="">{t('prefs.loading')}</option>}
            {custom && (
              <option value={current}>{t('prefs.windows.days', { count: current })}</option>
            )}
            {ARCHIVE_WINDOWS.map((days) => (
              <option key={days} value={days}>
                {t(WINDOW_KEYS[days])}
              </option>
            ))}
          </select>
          <p className="settings-dialog__hint" id={hintId}>
            {t('prefs.archiveWindowHint')}
          </p>
        </div>
        {error && (
          <Alert onDismiss={() => setError(null)}>
            {t('prefs.saveFailed', { error: errorText(t, error) })}
          </Alert>
        )}
      </section>
      <ProfileSection />
      <section className="settings-dialog__section">
        <h3 className="settings-dialog__heading">{t('realname.bulk.title')}</h3>
        <p className="settings-dialog__hint">{t('realname.bulk.settingsHint')}</p>
        <button
          type="button"
          className="button settings-dialog__link"
          onClick={() => {
            onClose();
            dialogOpened({ kind: 'registrations' });
          }}
        >
          {t('realname.bulk.open')}
        </button>
      </section>
      <div className="settings-dialog__actions">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Modal>
  );
}
