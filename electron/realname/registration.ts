/**
 * One person's registration, stage by stage, for the renderer: begin runs the command named by
 * the service's policy, step submits or goes back, cancel ends it. The rules it enforces, in the
 * order they apply to a submission:
 *  1. the saved profile fills identity fields here (useProfile), never for a Tor-only account;
 *  2. local checks (shared/realnameFields.ts): a refusal answers fieldErrors with sent: false;
 *  3. consent: the echo must name the receiving service and exactly the vars that would go;
 *  4. only then is anything sent. What comes back is scrubbed of the ID and mobile numbers sent,
 *     and identity values the service pre-fills are not passed to the renderer.
 * The service's sessionid never leaves the main process; the renderer holds our own id.
 */
import type { RegistrationStep } from '../../shared/contract';
import { submissionOf, type DataForm, type FormValues } from '../../shared/dataforms';
import { fail, ok, type Result } from '../../shared/errors';
import {
  checkRegistrationValues,
  identityFields,
  sentVars,
  type IdentityKind,
} from '../../shared/realnameFields';
import type { RealnamePolicy } from '../../shared/realnamePolicy';
import { AdhocError, type AdhocClient, type AdhocStage, type StageAction } from './adhoc';
import type { IdentityValues } from './profile';
import { readReceipt, scrubForm, scrubText } from './receipts';

/** Registrations in progress at most; the oldest is dropped (and canceled) beyond. */
export const MAX_SESSIONS = 16;

export interface Session {
  readonly id: string;
  readonly accountId: string;
  readonly policy: RealnamePolicy;
  readonly client: AdhocClient;
  readonly torOnly: boolean;
  stage: AdhocStage;
  fieldErrors: { var: string; problem: string }[];
  sent: boolean;
  /** ID and mobile numbers sent in this session: scrubbed from everything shown afterwards. */
  readonly secrets: string[];
}

export interface Consent {
  readonly agreed: true;
  readonly registrationService: string;
  readonly fields: readonly string[];
}

export interface StepRequest {
  readonly action: StageAction;
  readonly values?: FormValues;
  readonly useProfile?: boolean;
  readonly consent?: Consent;
}

export interface RegistrationDeps {
  readonly now: () => number;
  readonly openProfile: () => Promise<IdentityValues | undefined>;
  readonly hasProfile: () => boolean;
  /** A completed command answered a receipt: keep it (masked). */
  readonly receipt: (session: Session, stage: AdhocStage) => void;
}

const SECRET_KINDS: ReadonlySet<IdentityKind> = new Set(['id-number', 'mobile']);

/** The renderer's view of a session's current stage. */
export function stepOf(
  session: Session,
  deps: Pick<RegistrationDeps, 'hasProfile'>,
): RegistrationStep {
  const { stage, policy } = session;
  const kinds = stage.form ? identityFields(stage.form) : {};
  const form = stage.form && shownForm(stage.form, kinds, session.secrets);
  const receipt =
    stage.status === 'completed' ? readReceipt(stage.form, policy.registrationService) : undefined;
  return {
    sessionId: session.id,
    accountId: session.accountId,
    service: policy.service,
    registrationService: policy.registrationService,
    status: stage.status,
    actions: [...stage.actions],
    ...(stage.defaultAction && { defaultAction: stage.defaultAction }),
    ...(form && { form }),
    identityFields: kinds,
    profileFillable: session.torOnly || !deps.hasProfile() ? [] : Object.keys(kinds),
    fieldErrors: session.fieldErrors,
    sent: session.sent,
    notes: stage.notes.map((note) => ({
      type: note.type,
      text: scrubText(note.text, session.secrets),
    })),
    ...(receipt && { receipt }),
    torOnly: session.torOnly,
  };
}

function shownForm(
  form: DataForm,
  kinds: Record<string, IdentityKind>,
  secrets: string[],
): DataForm {
  const scrubbed = scrubForm(form, secrets);
  return {
    ...scrubbed,
    fields: scrubbed.fields.map((field) =>
      field.var !== undefined && SECRET_KINDS.has(kinds[field.var]!)
        ? { ...field, values: [] }
        : field,
    ),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/** Runs one step; answers the new stage, field errors (nothing sent) or a coded failure. */
export async function runStep(
  session: Session,
  request: StepRequest,
  deps: RegistrationDeps,
): Promise<Result<Session>> {
  const { stage } = session;
  if (stage.status !== 'executing' || !stage.actions.includes(request.action))
    return fail('invalid-params', `${request.action} is not allowed now`);
  session.fieldErrors = [];
  session.sent = false;
  if (request.action === 'prev')
    return advance(session, () => session.client.act(stage, 'prev'), deps);
  const form = stage.form;
  if (!form) return advance(session, () => session.client.act(stage, request.action), deps);
  const kinds = identityFields(form);
  const values: Record<string, readonly string[]> = { ...request.values };
  if (request.useProfile) {
    if (session.torOnly)
      return fail('tor-only-identity', 'no saved identity for a Tor-only account');
    const profile = await deps.openProfile();
    if (!profile) return fail('not-found', 'no saved profile');
    for (const [name, kind] of Object.entries(kinds)) values[name] = [profile[kind]];
  }
  const checked = checkRegistrationValues(form, values, deps.now());
  if (!checked.ok) {
    session.fieldErrors = [...checked.errors];
    return ok(session);
  }
  const going = sentVars(form, checked.values);
  const consent = request.consent;
  if (
    going.length > 0 &&
    (!consent?.agreed ||
      consent.registrationService.toLowerCase() !== session.policy.registrationService ||
      !sameSet(consent.fields, going))
  )
    return fail('consent-required', 'consent must name the service and exactly these fields');
  for (const [name, kind] of Object.entries(kinds)) {
    const value = checked.values[name]?.[0];
    if (value && SECRET_KINDS.has(kind) && !session.secrets.includes(value))
      session.secrets.push(value);
  }
  const submission = submissionOf(form, checked.values);
  return advance(session, () => session.client.act(stage, request.action, submission), deps);
}

async function advance(
  session: Session,
  send: () => Promise<AdhocStage>,
  deps: RegistrationDeps,
): Promise<Result<Session>> {
  try {
    session.stage = await send();
    session.sent = true;
  } catch (error) {
    const failure = error instanceof AdhocError ? error : new AdhocError('internal', String(error));
    if (failure.field) {
      // The service refused a field: the session stays at its stage for a correction.
      session.sent = true;
      session.fieldErrors = [failure.field];
      return ok(session);
    }
    return fail(
      failure.code,
      failure.message,
      failure.condition ? { condition: failure.condition } : {},
    );
  }
  if (session.stage.status === 'completed') deps.receipt(session, session.stage);
  return ok(session);
}
