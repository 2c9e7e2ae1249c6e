/**
 * The last step: what will be created, then the creation's progress as the main process reports
 * it (room.creation events), and, when the service left some settings out, what it did not apply.
 */
import { useTranslation } from 'react-i18next';
import type { CreationStep, UnappliedSetting } from '../../../../shared/contract';
import { groupAddress } from '../../../../shared/groupAddress';
import type { Draft } from './wizardModel';

const SHOWN_STEPS: readonly CreationStep[] = [
  'checking',
  'entering',
  'configuring',
  'verifying',
  'opening',
];

export function ReviewStep({
  draft,
  accountLabel,
  step,
}: {
  draft: Draft;
  accountLabel: string;
  /** The step the creation reached; undefined before it starts. */
  step: CreationStep | undefined;
}) {
  const { t } = useTranslation();
  const service = draft.service;
  const room = service ? groupAddress(draft.local, service.jid) : null;
  return (
    <>
      <dl className="facts">
        <dt>{t('createGroup.review.account')}</dt>
        <dd>
          <bdi>{accountLabel}</bdi>
        </dd>
        <dt>{t('createGroup.review.service')}</dt>
        <dd>
          <bdi>{service?.name ?? service?.jid}</bdi>
          {service?.name && <span className="facts__detail">{service.jid}</span>}
        </dd>
        <dt>{t('createGroup.review.name')}</dt>
        <dd>
          <bdi>{draft.name.trim()}</bdi>
        </dd>
        <dt>{t('createGroup.review.address')}</dt>
        <dd className="facts__address">{room}</dd>
        <dt>{t('createGroup.review.description')}</dt>
        <dd>
          {draft.description.trim() ? (
            <bdi>{draft.description.trim()}</bdi>
          ) : (
            <span className="facts__none">{t('createGroup.review.noDescription')}</span>
          )}
        </dd>
        <dt>{t('createGroup.review.kind')}</dt>
        <dd>
          {t(`createGroup.details.kinds.${draft.kind}`)}
          <span className="facts__detail">{t(`createGroup.details.kinds.${draft.kind}Hint`)}</span>
        </dd>
      </dl>
      {step && <Progress step={step} />}
    </>
  );
}

function Progress({ step }: { step: CreationStep }) {
  const { t } = useTranslation();
  const removing = step === 'removing';
  const steps = removing ? [...SHOWN_STEPS.slice(0, 3), 'removing' as const] : SHOWN_STEPS;
  const at = steps.indexOf(step);
  return (
    <ol className="progress-steps" aria-label={t('createGroup.review.progress')}>
      {steps.map((s, i) => {
        const state = i < at ? 'done' : i === at ? 'current' : 'pending';
        return (
          <li
            key={s}
            className={`progress-steps__item progress-steps__item--${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {t(`createGroup.review.steps.${s}`)}
          </li>
        );
      })}
    </ol>
  );
}

/** After a creation that left some settings out: what they were, and the way into the group. */
export function CreatedNotice({ unapplied }: { unapplied: readonly UnappliedSetting[] }) {
  const { t } = useTranslation();
  return (
    <div className="created-notice" role="status">
      <p className="created-notice__title">{t('createGroup.done.heading')}</p>
      <p>{t('createGroup.done.unapplied')}</p>
      <ul>
        {unapplied.map((setting) => (
          <li key={setting}>{t(`createGroup.done.settings.${setting}`)}</li>
        ))}
      </ul>
    </div>
  );
}
