/**
 * Asks before a link leaves the app, showing the whole URL (so a look-alike host or a long
 * query string is visible), left to right, with its hidden characters as markers and a warning
 * when it has any: the address promised here is the one that opens. Cancel is focused first: the
 * safe choice is the default.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { hasHiddenCharacters, revealHidden } from '../../../shared/links';
import { useAppStore } from '../../store';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function LinkConfirmDialog() {
  const { t } = useTranslation();
  const url = useAppStore((s) => s.pendingLink);
  const linkCancelled = useAppStore((s) => s.linkCancelled);
  const linkConfirmed = useAppStore((s) => s.linkConfirmed);
  const titleId = useId();
  const bodyId = useId();
  if (!url) return null;
  const insecure = url.toLowerCase().startsWith('http:');

  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      onCancel={linkCancelled}
      className="link-dialog"
    >
      <div className="link-dialog__head">
        <span className="link-dialog__badge">
          <Icon name="globe" />
        </span>
        <h2 id={titleId}>{t('link.title')}</h2>
      </div>
      <p id={bodyId} className="link-dialog__body">
        {t('link.body', { host: revealHidden(hostOf(url)) })}
      </p>
      <pre className="link-dialog__url" data-testid="link-url" dir="ltr">
        {revealHidden(url)}
      </pre>
      {hasHiddenCharacters(url) && (
        <p className="link-dialog__warning" data-testid="link-hidden">
          {t('link.hidden')}
        </p>
      )}
      {insecure && <p className="link-dialog__warning">{t('link.insecure')}</p>}
      <div className="link-dialog__actions">
        <button type="button" className="button" onClick={linkCancelled} data-autofocus>
          {t('link.cancel')}
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => void linkConfirmed()}
        >
          {t('link.open')}
        </button>
      </div>
    </Modal>
  );
}
