/**
 * A group service's real-name registration for one account, from the policy to the receipt:
 * what the service states, its own form stage by stage (prev / next / complete / cancel as the
 * stage allows), local checks naming the field, one consent screen before any values go, and
 * the receipt with the ID number masked. Errors say what happened and leave the form as it was.
 * Used inside the group-creation wizard and in the standalone "Register for…" dialog; `onReady`
 * says whether a group may now be created there (registered, or pending where pending counts).
 */
import { useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { BusyButton } from '../../components/BusyButton';
import { PolicyFacts } from './PolicyFacts';
import { ConsentScreen } from './ConsentScreen';
import { ReceiptView } from './ReceiptView';
import { StageForm } from './StageForm';
import { fieldLabel } from './submission';
import { registrationErrorText } from './registrationErrorText';
import { useRegistration } from './useRegistration';
import '../../styles/realname.css';

interface RegistrationFlowProps {
  readonly accountId: string;
  /** The group-chat service whose policy asks for the registration. */
  readonly service: string;
  readonly onReady?: (ready: boolean) => void;
  /** The person canceled (or closed after the end). */
  readonly onClose?: () => void;
}

export function RegistrationFlow({ accountId, service, onReady, onClose }: RegistrationFlowProps) {
  const { t } = useTranslation();
  const flow = useRegistration(accountId, service);
  const { phase, step, policy, error } = flow;
  const stated = policy?.policy ?? null;
  const receipt = step?.receipt;
  const ready =
    phase.kind === 'done' &&
    (!stated ||
      receipt?.status === 'approved' ||
      (receipt?.status === 'pending' && stated.pendingCounts));
  useEffect(() => onReady?.(ready), [onReady, ready]);

  const sending = phase.kind === 'sending';
  const actions = step?.actions ?? [];
  const primary = actions.includes('complete')
    ? 'complete'
    : actions.includes('next')
      ? 'next'
      : undefined;
  // Enter in a field takes the stage's main action (and never submits a surrounding form).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
    if (event.target.type === 'checkbox') return;
    event.preventDefault();
    if (primary) flow.act(primary);
  };

  return (
    <div className="realname-flow" onKeyDown={onKeyDown}>
      {policy?.torOnly && <Alert tone="warning">{t('realname.flow.torOnly')}</Alert>}
      {phase.kind === 'loading' && (
        <p className="realname-flow__status" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('realname.flow.loading', { service })}
        </p>
      )}
      {stated &&
        (phase.kind === 'form' || phase.kind === 'sending') &&
        !actions.includes('prev') && <PolicyFacts policy={stated} />}
      {!stated && phase.kind === 'done' && <p role="status">{t('realname.flow.notRequired')}</p>}
      {step && (phase.kind === 'form' || phase.kind === 'sending') && (
        <StageForm
          step={step}
          values={flow.values}
          onChange={flow.setValues}
          useProfile={flow.useProfile}
          onUseProfile={flow.setUseProfile}
          problems={flow.problems}
        />
      )}
      {phase.kind === 'consent' && stated && step && (
        <ConsentScreen
          recipients={[stated]}
          items={phase.fields.map((name) => fieldLabel(step.form, name))}
          busy={false}
          sendLabel={t('realname.consent.send')}
          onAgree={flow.agree}
          onBack={flow.backToForm}
        />
      )}
      {phase.kind === 'done' && receipt && <ReceiptView receipt={receipt} />}
      {phase.kind === 'done' && receipt?.status === 'pending' && stated && (
        <p className="form-dialog__note">
          {t(stated.pendingCounts ? 'realname.flow.pendingCounts' : 'realname.flow.pendingWaits')}
        </p>
      )}
      {phase.kind === 'canceled' && <p role="status">{t('realname.flow.canceled')}</p>}
      {sending && (
        <p className="realname-flow__status" role="status">
          <span className="spinner" aria-hidden="true" />
          {t(phase.action === 'cancel' ? 'realname.flow.canceling' : 'realname.flow.sending', {
            service: step?.registrationService ?? service,
          })}
        </p>
      )}
      {error && (
        <Alert onDismiss={flow.dismissError}>
          {registrationErrorText(
            t,
            error,
            step?.registrationService ?? stated?.registrationService ?? service,
          )}
        </Alert>
      )}
      {(phase.kind === 'form' || phase.kind === 'sending') && step && (
        <div className="realname-flow__actions">
          <button
            type="button"
            className="button"
            onClick={() => void flow.cancel()}
            disabled={sending}
          >
            {t('realname.flow.cancel')}
          </button>
          {actions.includes('prev') && (
            <button
              type="button"
              className="button"
              onClick={() => flow.act('prev')}
              disabled={sending}
            >
              {t('realname.flow.prev')}
            </button>
          )}
          {actions.includes('next') && (
            <BusyButton
              className={`button${primary === 'next' ? ' button--primary' : ''}`}
              busy={sending && phase.action === 'next'}
              disabled={sending}
              onClick={() => flow.act('next')}
            >
              {t('realname.flow.next')}
            </BusyButton>
          )}
          {actions.includes('complete') && (
            <BusyButton
              className="button button--primary"
              busy={sending && phase.action === 'complete'}
              disabled={sending}
              onClick={() => flow.act('complete')}
            >
              {t('realname.flow.complete')}
            </BusyButton>
          )}
        </div>
      )}
      {(error?.code === 'session-expired' ||
        error?.code === 'not-found' ||
        phase.kind === 'failed') && (
        <div className="realname-flow__actions">
          <button type="button" className="button button--primary" onClick={flow.retry}>
            {t('realname.flow.startAgain')}
          </button>
        </div>
      )}
      {(phase.kind === 'done' || phase.kind === 'canceled' || phase.kind === 'failed') &&
        onClose && (
          <div className="realname-flow__actions">
            <button type="button" className="button" onClick={onClose} data-autofocus>
              {t('common.close')}
            </button>
          </div>
        )}
    </div>
  );
}
