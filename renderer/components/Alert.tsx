/** An inline error or warning announced to assistive technology (role=alert). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

interface AlertProps {
  readonly children: ReactNode;
  readonly tone?: 'error' | 'warning';
  readonly id?: string;
  readonly onDismiss?: () => void;
}

export function Alert({ children, tone = 'error', id, onDismiss }: AlertProps) {
  const { t } = useTranslation();
  return (
    <div className={`alert alert--${tone}`} role="alert" id={id}>
      <Icon name="warning" className="alert__icon" />
      <div className="alert__text">{children}</div>
      {onDismiss && (
        <button
          type="button"
          className="icon-button alert__close"
          onClick={onDismiss}
          aria-label={t('common.dismiss')}
        >
          <Icon name="close" />
        </button>
      )}
    </div>
  );
}
