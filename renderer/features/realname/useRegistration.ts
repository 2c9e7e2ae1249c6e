/**
 * The registration of one account on one group service, as a small state machine around the
 * realname.* requests: policy, begin, each stage (local checks first, then consent when values
 * go, then the request), cancel. What the person typed stays in the form on every refusal or
 * failure (nothing is lost) and is dropped once the service took it (the renderer keeps no ID
 * number after submission). A registration still running when the view closes is canceled.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormValues } from '../../../shared/dataforms';
import type { PolicyAnswer, RegistrationStep } from '../../../shared/contract';
import { useAppStore, type AppState } from '../../store';
import type { UiErrorInfo } from '../../transport';
import { goingFields, localProblems, valuesAfter, type LocalProblem } from './submission';

type Action = 'prev' | 'next' | 'complete';

export type Phase =
  | { readonly kind: 'loading' }
  /** The policy or the first stage could not be had; `retry` starts again. */
  | { readonly kind: 'failed' }
  | { readonly kind: 'form' }
  /** Waiting for explicit consent before `action` sends `fields`. */
  | { readonly kind: 'consent'; readonly action: Action; readonly fields: readonly string[] }
  | { readonly kind: 'sending'; readonly action: Action | 'cancel' }
  | { readonly kind: 'done' }
  | { readonly kind: 'canceled' };

interface Opened {
  readonly policy?: PolicyAnswer;
  readonly step?: RegistrationStep;
  readonly error?: UiErrorInfo;
}

/** Asks the policy, then begins the registration when there is one. */
async function openRegistration(
  request: AppState['realnameRequest'],
  accountId: string,
  service: string,
): Promise<Opened> {
  const answer = await request('realname.policy', { accountId, service });
  if (!answer.ok) return { error: answer.error };
  if (!answer.value.policy) return { policy: answer.value };
  const begun = await request('realname.begin', { accountId, service });
  return begun.ok
    ? { policy: answer.value, step: begun.value }
    : { policy: answer.value, error: begun.error };
}

export function useRegistration(accountId: string, service: string) {
  const request = useAppStore((s) => s.realnameRequest);
  const [policy, setPolicy] = useState<PolicyAnswer | null>(null);
  const [step, setStep] = useState<RegistrationStep | null>(null);
  const [values, setValues] = useState<FormValues>({});
  const [useProfile, setUseProfile] = useState(false);
  const [problems, setProblems] = useState<readonly LocalProblem[]>([]);
  const [error, setError] = useState<UiErrorInfo | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  // The running session, canceled if the view goes away before it ends.
  const open = useRef<string | null>(null);
  // A second click while a request runs must not send twice (state updates come a render late).
  const inFlight = useRef(false);

  /** Takes in what opening answered: the policy, then the first stage (or why neither came). */
  const opened = useCallback((answer: Opened) => {
    setError(answer.error ?? null);
    if (answer.policy) setPolicy(answer.policy);
    if (answer.error) return setPhase({ kind: 'failed' });
    if (!answer.step) return setPhase({ kind: 'done' });
    setStep(answer.step);
    setProblems([]);
    const executing = answer.step.status === 'executing';
    open.current = executing ? answer.step.sessionId : null;
    setPhase({ kind: executing ? 'form' : 'done' });
  }, []);

  useEffect(() => {
    let live = true;
    void openRegistration(request, accountId, service).then((answer) => live && opened(answer));
    return () => {
      live = false;
      if (open.current) void request('realname.cancel', { sessionId: open.current });
      open.current = null;
    };
  }, [accountId, service, request, opened]);

  const retry = () => {
    setPhase({ kind: 'loading' });
    setError(null);
    void openRegistration(request, accountId, service).then(opened);
  };

  const send = async (action: Action, fields: readonly string[]) => {
    if (!step || inFlight.current) return;
    inFlight.current = true;
    setPhase({ kind: 'sending', action });
    setError(null);
    const filled = useProfile && action !== 'prev' ? new Set(step.profileFillable) : new Set();
    const sent = Object.fromEntries(Object.entries(values).filter(([name]) => !filled.has(name)));
    const result = await request('realname.step', {
      sessionId: step.sessionId,
      action,
      ...(action !== 'prev' && { values: sent }),
      ...(filled.size > 0 && { useProfile: true }),
      ...(fields.length > 0 && {
        consent: {
          agreed: true,
          registrationService: step.registrationService,
          fields: [...fields],
        },
      }),
    });
    inFlight.current = false;
    if (!result.ok) {
      // Values stay; an expired session is started again by the person (retry).
      if (result.error.code === 'session-expired' || result.error.code === 'not-found')
        open.current = null;
      setError(result.error);
      setPhase({ kind: 'form' });
      return;
    }
    const next = result.value;
    setProblems(next.fieldErrors);
    setValues(valuesAfter(next, values));
    if (next.sent && next.fieldErrors.length === 0) setUseProfile(false);
    setStep(next);
    if (next.status !== 'executing') open.current = null;
    setPhase({ kind: next.status === 'executing' ? 'form' : 'done' });
  };

  /** The person chose an action: check locally, then ask consent when values would go. */
  const act = (action: Action, now = Date.now()) => {
    if (!step || phase.kind !== 'form') return;
    if (action === 'prev') {
      void send('prev', []);
      return;
    }
    const found = localProblems(step, values, useProfile, now);
    setProblems(found);
    if (found.length > 0) return;
    const fields = goingFields(step, values, useProfile);
    // Our consent screen is for identity data (name, ID number, phone): a stage that carries
    // none, such as the service's own "I agree" box the person just ticked, goes with that
    // consent echoed as the main process requires, without asking a second time.
    const identity = fields.some((name) => step.identityFields[name] !== undefined);
    if (identity) setPhase({ kind: 'consent', action, fields });
    else void send(action, fields);
  };

  const cancel = async () => {
    const sessionId = open.current;
    open.current = null;
    if (sessionId) {
      setPhase({ kind: 'sending', action: 'cancel' });
      await request('realname.cancel', { sessionId });
    }
    setValues({});
    setPhase({ kind: 'canceled' });
  };

  return {
    policy,
    step,
    values,
    setValues,
    useProfile,
    setUseProfile,
    problems,
    error,
    dismissError: () => setError(null),
    phase,
    act,
    /** Consent given on the consent screen: sends exactly what it listed. */
    agree: () => phase.kind === 'consent' && void send(phase.action, phase.fields),
    backToForm: () => setPhase({ kind: 'form' }),
    cancel,
    retry,
  };
}
