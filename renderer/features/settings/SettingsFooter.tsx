/** The sidebar's footer: language and theme at hand, and the button to the other settings. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useAppStore } from '../../store';
import { SettingsControls } from './SettingsControls';
import { SettingsDialog } from './SettingsDialog';

export function SettingsFooter() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dialogOpened = useAppStore((s) => s.dialogOpened);
  return (
    <footer className="sidebar__footer">
      <SettingsControls compact />
      <button
        type="button"
        className="icon-button sidebar__registrations"
        aria-label={t('realname.bulk.open')}
        title={t('realname.bulk.open')}
        aria-haspopup="dialog"
        onClick={() => dialogOpened({ kind: 'registrations' })}
      >
        <Icon name="shield" />
      </button>
      <button
        type="button"
        className="icon-button sidebar__settings"
        aria-label={t('prefs.open')}
        title={t('prefs.open')}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Icon name="settings" />
      </button>
      {open && <SettingsDialog onClose={() => setOpen(false)} />}
    </footer>
  );
}
