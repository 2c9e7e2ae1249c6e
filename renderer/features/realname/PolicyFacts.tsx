/**
 * What a service states about its registration, as text: who receives the data (the registration
 * service's address), the authority, the legal text, how long it is kept, and whether a pending
 * registration already counts. Shown before the form and again on the consent screen.
 */
import { useTranslation } from 'react-i18next';
import type { PolicyAnswer } from '../../../shared/contract';

type Policy = NonNullable<PolicyAnswer['policy']>;

export function PolicyFacts({ policy, compact = false }: { policy: Policy; compact?: boolean }) {
  const { t } = useTranslation();
  const unknown = t('realname.policy.notStated');
  return (
    <div className="realname-policy">
      <dl className="realname-facts">
        <dt>{t('realname.policy.receiver')}</dt>
        <dd>
          <bdi className="realname-facts__jid">{policy.registrationService}</bdi>
        </dd>
        <dt>{t('realname.policy.authority')}</dt>
        <dd>
          <bdi>{policy.authority || unknown}</bdi>
        </dd>
        <dt>{t('realname.policy.retention')}</dt>
        <dd>
          {policy.retentionDays !== undefined
            ? t('realname.policy.retentionDays', { count: policy.retentionDays })
            : unknown}
        </dd>
        {!compact && (
          <>
            <dt>{t('realname.policy.approval')}</dt>
            <dd>
              {t(
                policy.approval === 'manual'
                  ? 'realname.policy.approvalManual'
                  : 'realname.policy.approvalAutomatic',
              )}
            </dd>
            <dt>{t('realname.policy.pending')}</dt>
            <dd>
              {t(
                policy.pendingCounts
                  ? 'realname.policy.pendingCounts'
                  : 'realname.policy.pendingWaits',
              )}
            </dd>
          </>
        )}
      </dl>
      {policy.legalText.length > 0 && (
        <section className="realname-legal" aria-label={t('realname.policy.legalText')}>
          {policy.legalText.map((line, i) => (
            <p key={i}>
              <bdi>{line}</bdi>
            </p>
          ))}
          {policy.legalUrl && (
            <p className="realname-legal__url">
              {t('realname.policy.legalUrl', { url: policy.legalUrl })}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
