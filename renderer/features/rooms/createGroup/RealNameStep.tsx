/**
 * The registration slot of the wizard (issue 9, point 5), shown only where the chosen service's
 * policy asks for a registration before creating a group. For now a placeholder that states the
 * policy as the service publishes it (who receives the data, the authority, legal text, retention)
 * and lets the user go on: the server enforces the policy, so a creation without a registration is
 * refused with a clear message. The registration client replaces the body; the props stay.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupChatService } from '../../../../shared/contract';
import type { RealnamePolicy } from '../../../../shared/realnamePolicy';

export interface RegistrationStepProps {
  readonly accountId: string;
  readonly service: GroupChatService;
  readonly policy: RealnamePolicy;
  /** Whether the wizard may go on to the creation (e.g. once registered, or already registered). */
  readonly onReady: (ready: boolean) => void;
}

export function RealNameStep({ service, policy, onReady }: RegistrationStepProps) {
  const { t } = useTranslation();
  // The placeholder registers nothing: the user may go on, and the server decides.
  useEffect(() => onReady(true), [onReady]);
  const unknown = t('createGroup.registration.unknown');
  return (
    <>
      <p>{t('createGroup.registration.intro', { service: service.name ?? service.jid })}</p>
      <dl className="facts">
        <dt>{t('createGroup.registration.receiver')}</dt>
        <dd>
          <bdi>{policy.registrationService}</bdi>
        </dd>
        <dt>{t('createGroup.registration.authority')}</dt>
        <dd>
          <bdi>{policy.authority || unknown}</bdi>
        </dd>
        <dt>{t('createGroup.registration.retention')}</dt>
        <dd>
          {policy.retentionDays !== undefined
            ? t('createGroup.registration.retentionDays', { count: policy.retentionDays })
            : unknown}
        </dd>
        <dt>{t('createGroup.registration.approval')}</dt>
        <dd>
          {policy.approval === 'manual'
            ? t('createGroup.registration.approvalManual')
            : t('createGroup.registration.approvalAutomatic')}
        </dd>
      </dl>
      {policy.legalText.length > 0 && (
        <section className="legal-text" aria-label={t('createGroup.registration.legalText')}>
          {policy.legalText.map((line, i) => (
            <p key={i}>
              <bdi>{line}</bdi>
            </p>
          ))}
          {policy.legalUrl && (
            <p className="legal-text__url">
              {t('createGroup.registration.legalUrl', { url: policy.legalUrl })}
            </p>
          )}
        </section>
      )}
      <p className="form-dialog__note">{t('createGroup.registration.tiesIdentity')}</p>
      <p className="form-dialog__note">{t('createGroup.registration.placeholder')}</p>
    </>
  );
}
