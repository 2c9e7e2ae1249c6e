/**
 * "Create a group" (issue 9, point 4): a wizard of a few steps (where, details, the registration
 * slot when the service's policy asks for one, review and create). One request creates the group
 * in the main process, which configures it as its kind says or removes it again; its progress is
 * shown as it comes. Esc and Cancel close (not while creating: the creation finishes either way,
 * and its result belongs on screen); focus moves to each step's first control.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { AccountSnapshot, UnappliedSetting } from '../../../shared/contract';
import { groupAddress, normalizeLocalPart } from '../../../shared/groupAddress';
import { Alert } from '../../components/Alert';
import { Modal } from '../../components/Modal';
import { useAppStore } from '../../store';
import { accountName } from '../../store/accounts.selectors';
import { creationFailureText } from './createGroup/creationFailure';
import { DetailsStep } from './createGroup/DetailsStep';
import { RealNameStep } from './createGroup/RealNameStep';
import { CreatedNotice, ReviewStep } from './createGroup/ReviewStep';
import { useAddressCheck } from './createGroup/useAddressCheck';
import { WhereStep } from './createGroup/WhereStep';
import {
  canContinue,
  emptyDraft,
  stepsFor,
  type Draft,
  type StepId,
} from './createGroup/wizardModel';

export function CreateGroupWizard({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const online = useAppStore(
    useShallow((s) =>
      s.accountOrder
        .map((id) => s.accounts[id])
        .filter((a): a is AccountSnapshot => a !== undefined && a.status === 'online'),
    ),
  );
  const preferred = useAppStore((s) => s.accountFilter ?? s.activeAccountId);
  const roomCreateRequested = useAppStore((s) => s.roomCreateRequested);
  const conversationOpened = useAppStore((s) => s.conversationOpened);
  const progress = useAppStore((s) => s.roomCreation);
  const [draft, setDraft] = useState<Draft>(() =>
    emptyDraft(
      online.find((a) => a.accountId === preferred)?.accountId ?? online[0]?.accountId ?? '',
    ),
  );
  const [stepId, setStepId] = useState<StepId>('where');
  const [registrationReady, setRegistrationReady] = useState(false);
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [created, setCreated] = useState<{ room: string; unapplied: UnappliedSetting[] } | null>(
    null,
  );
  const titleId = useId();
  const headingId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);

  const steps = stepsFor(draft);
  const index = Math.max(0, steps.indexOf(stepId));
  const service = draft.service?.jid ?? '';
  const availability = useAddressCheck(draft.accountId, service, draft.local);
  const change = useCallback((c: Partial<Draft>) => {
    setFailure(null);
    setDraft((d) => ({ ...d, ...c }));
  }, []);
  const room = groupAddress(draft.local, service);
  const shownProgress = creating && progress?.room === room ? progress.step : undefined;

  // Each step starts at its first control (or its heading), as a new page would.
  useEffect(() => {
    const body = bodyRef.current;
    const first = body?.querySelector<HTMLElement>('[data-step-focus]');
    (first ?? body?.querySelector<HTMLElement>('h3'))?.focus();
  }, [stepId]);

  const go = (to: number) => {
    setFailure(null);
    setStepId(steps[Math.max(0, Math.min(steps.length - 1, to))]!);
  };

  const create = async () => {
    if (!draft.service || creating) return;
    setFailure(null);
    setCreating(true);
    const result = await roomCreateRequested({
      accountId: draft.accountId,
      service: draft.service.jid,
      local: normalizeLocalPart(draft.local),
      name: draft.name.trim(),
      description: draft.description.trim(),
      kind: draft.kind,
    });
    setCreating(false);
    if (!result.ok) return setFailure(creationFailureText(t, result.error));
    // Everything as asked: the group is open behind the dialog already.
    if (result.value.unapplied.length === 0) return onClose();
    setCreated({ room: result.value.room.room, unapplied: result.value.unapplied });
  };

  const account = online.find((a) => a.accountId === draft.accountId);
  const last = index === steps.length - 1;
  const allowed = canContinue(stepId, draft, availability, registrationReady);

  return (
    <Modal
      labelledBy={titleId}
      onCancel={() => !creating && onClose()}
      className="form-dialog form-dialog--wide wizard"
    >
      <form
        className="form-dialog__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (created) return;
          if (!allowed) return;
          if (last) void create();
          else go(index + 1);
        }}
      >
        <header className="wizard__head">
          <h2 className="form-dialog__title" id={titleId}>
            {t('createGroup.title')}
          </h2>
          <ol className="wizard__steps" aria-label={t('createGroup.stepsLabel')}>
            {steps.map((s, i) => (
              <li
                key={s}
                className={`wizard__step${i < index ? ' wizard__step--done' : ''}`}
                aria-current={i === index ? 'step' : undefined}
              >
                <span className="wizard__step-number" aria-hidden="true">
                  {i + 1}
                </span>
                {t(`createGroup.steps.${s}`)}
              </li>
            ))}
          </ol>
        </header>
        <section className="wizard__body" aria-labelledby={headingId} ref={bodyRef}>
          <h3 className="wizard__heading" id={headingId} tabIndex={-1}>
            {t(`createGroup.${stepId === 'review' ? 'review' : stepId}.heading`)}
          </h3>
          {stepId === 'where' && <WhereStep draft={draft} accounts={online} onChange={change} />}
          {stepId === 'details' && (
            <DetailsStep draft={draft} availability={availability} onChange={change} />
          )}
          {stepId === 'registration' && draft.service && draft.policy && (
            <RealNameStep
              accountId={draft.accountId}
              service={draft.service}
              policy={draft.policy}
              onReady={setRegistrationReady}
            />
          )}
          {stepId === 'review' &&
            (created ? (
              <CreatedNotice unapplied={created.unapplied} />
            ) : (
              <ReviewStep
                draft={draft}
                accountLabel={account ? accountName(account) : draft.accountId}
                step={shownProgress}
              />
            ))}
        </section>
        {failure && <Alert>{failure}</Alert>}
        <div className="wizard__actions">
          <span className="wizard__count">
            {t('createGroup.stepOf', { current: index + 1, total: steps.length })}
          </span>
          {created ? (
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                conversationOpened({
                  accountId: draft.accountId,
                  kind: 'room',
                  peer: created.room,
                });
                onClose();
              }}
            >
              {t('createGroup.done.open')}
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={onClose} disabled={creating}>
                {t('createGroup.cancel')}
              </button>
              {index > 0 && (
                <button
                  type="button"
                  className="button"
                  onClick={() => go(index - 1)}
                  disabled={creating}
                >
                  {t('createGroup.back')}
                </button>
              )}
              <button
                type="submit"
                className="button button--primary"
                disabled={!allowed || creating}
                aria-busy={creating || undefined}
              >
                {last
                  ? creating
                    ? t('createGroup.creating')
                    : t('createGroup.create')
                  : t('createGroup.next')}
              </button>
            </>
          )}
        </div>
      </form>
    </Modal>
  );
}
