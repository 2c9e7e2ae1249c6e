/**
 * A generic ad-hoc command client (XEP-0050): execute, then next / prev / complete / cancel with
 * the sessionid the service gave, each answer read into a stage (status, allowed actions, notes,
 * form). What it refuses, and why:
 *  - an answer from anyone but the JID asked: the IQ caller drops it (electron/xmpp/iqCaller.ts),
 *    and the answer's <command/> must name the node asked and keep the session's id, so nobody
 *    else can inject a form into a running command;
 *  - a form beyond REGISTRATION_FORM_LIMITS (counted before reading, so nothing huge is kept);
 *  - errors become AdhocError with a contract code and, for a refused field, var and problem.
 * Labels, notes and instructions stay text: nothing here or in the renderer makes them markup.
 */
import xml, { type Element } from '@xmpp/xml';
import type { DataForm } from '../../shared/dataforms';
import type { ErrorCode } from '../../shared/errors';
import { NS } from '../../shared/namespaces';
import { REALNAME_NS } from '../../shared/realnamePolicy';
import { knownCondition } from '../xmpp/conditions';
import { toXmppError } from '../xmpp/errors';
import { buildDataForm, parseDataForm } from '../xmpp/dataforms';
import { cutText } from '../xmpp/text';

/** A registration form beyond these is refused whole (form-too-large): none needs so much. */
export const REGISTRATION_FORM_LIMITS = {
  fields: 64,
  optionsPerField: 200,
  valuesPerField: 64,
  instructions: 20,
  /** Characters of the whole form's text (labels, descriptions, values, instructions). */
  text: 65_536,
  notes: 8,
  noteText: 2_000,
} as const;

export const ADHOC_TIMEOUT_MS = 20_000;

export type AdhocAction = 'execute' | 'next' | 'prev' | 'complete' | 'cancel';
export type StageAction = 'prev' | 'next' | 'complete';

export interface AdhocNote {
  readonly type: 'info' | 'warn' | 'error';
  readonly text: string;
}

/** One answer of the service. */
export interface AdhocStage {
  readonly to: string;
  readonly node: string;
  readonly sessionid?: string;
  readonly status: 'executing' | 'completed' | 'canceled';
  readonly actions: readonly StageAction[];
  readonly defaultAction?: StageAction;
  readonly notes: readonly AdhocNote[];
  readonly form?: DataForm;
}

/** A failed command request, coded for the contract. */
export class AdhocError extends Error {
  override readonly name = 'AdhocError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The service refused one field (XEP-0050 bad-payload with our invalid-field detail). */
    readonly field?: { readonly var: string; readonly problem: string },
    readonly condition?: string,
  ) {
    super(message);
  }
}

/** Sends an IQ and resolves with the reply from `to` only (the IQ caller's guarantee). */
export type IqRequest = (stanza: Element, timeoutMs: number) => Promise<Element>;

const STAGE_ACTIONS: readonly StageAction[] = ['prev', 'next', 'complete'];

function textOf(el: Element): number {
  let total = 0;
  for (const child of el.children) {
    total += typeof child === 'string' ? child.length : textOf(child);
  }
  for (const value of Object.values(el.attrs)) if (typeof value === 'string') total += value.length;
  return total;
}

/** Whether the form's raw XML stays within the limits (checked before it is read). */
export function formWithinLimits(x: Element): boolean {
  const fields = x.getChildren('field', NS.dataForms);
  if (fields.length > REGISTRATION_FORM_LIMITS.fields) return false;
  if (x.getChildren('instructions', NS.dataForms).length > REGISTRATION_FORM_LIMITS.instructions)
    return false;
  for (const field of fields) {
    if (field.getChildren('option').length > REGISTRATION_FORM_LIMITS.optionsPerField) return false;
    if (field.getChildren('value').length > REGISTRATION_FORM_LIMITS.valuesPerField) return false;
  }
  return textOf(x) <= REGISTRATION_FORM_LIMITS.text;
}

/** Reads a <command/> answer; throws AdhocError when it does not answer what was asked. */
export function readStage(
  to: string,
  node: string,
  sessionid: string | undefined,
  command: Element | undefined,
): AdhocStage {
  if (!command || command.attrs.node !== node)
    throw new AdhocError('rejected-by-server', 'the answer is not this command');
  const id = typeof command.attrs.sessionid === 'string' ? command.attrs.sessionid : undefined;
  if (sessionid !== undefined && id !== undefined && id !== sessionid)
    throw new AdhocError('rejected-by-server', 'the answer belongs to another session');
  const status = command.attrs.status;
  if (status !== 'executing' && status !== 'completed' && status !== 'canceled')
    throw new AdhocError('rejected-by-server', 'the answer has no valid status');
  const actionsEl = command.getChild('actions');
  const actions = STAGE_ACTIONS.filter((a) => actionsEl?.getChild(a) !== undefined);
  const execute = actionsEl?.attrs.execute as StageAction | undefined;
  // XEP-0050 §3.4: without <actions/> an executing command may only complete.
  const allowed = status !== 'executing' ? [] : actions.length ? actions : ['complete' as const];
  const defaultAction =
    execute && allowed.includes(execute)
      ? execute
      : status === 'executing'
        ? allowed.at(-1)
        : undefined;
  const notes = command
    .getChildren('note')
    .slice(0, REGISTRATION_FORM_LIMITS.notes)
    .map((note): AdhocNote => {
      const type =
        note.attrs.type === 'warn' || note.attrs.type === 'error' ? note.attrs.type : 'info';
      return { type, text: cutText(note.getText(), REGISTRATION_FORM_LIMITS.noteText) ?? '' };
    });
  const x = command.getChild('x', NS.dataForms);
  if (x && !formWithinLimits(x)) throw new AdhocError('form-too-large', 'the form is too large');
  const form = parseDataForm(x);
  return {
    to,
    node,
    ...((id ?? sessionid) !== undefined && { sessionid: id ?? sessionid }),
    status,
    actions: allowed,
    ...(defaultAction && { defaultAction }),
    notes,
    ...(form && { form }),
  };
}

/** The coded error of a failed command request. */
export function adhocFailure(error: unknown): AdhocError {
  if (error instanceof AdhocError) return error;
  const e = error as { name?: string; condition?: string; text?: string; element?: Element };
  if (e?.name === 'StanzaError') {
    // Only a condition XMPP defines: it ends up in messages that may be logged.
    const condition = knownCondition(e.condition) ?? 'undefined-condition';
    const detail = e.element;
    if (
      detail?.getChild('bad-sessionid', NS.commands) ||
      detail?.getChild('session-expired', NS.commands)
    )
      return new AdhocError(
        'session-expired',
        'the service no longer knows this session',
        undefined,
        condition,
      );
    const invalid = detail?.getChild('invalid-field', REALNAME_NS.feature);
    const name = invalid?.attrs.var;
    const problem = invalid?.attrs.problem;
    if (typeof name === 'string' && typeof problem === 'string' && name.length <= 512)
      return new AdhocError(
        'invalid-params',
        'the service refused a field',
        {
          var: name,
          problem: problem.slice(0, 64),
        },
        condition,
      );
    if (
      [
        'service-unavailable',
        'remote-server-not-found',
        'remote-server-timeout',
        'recipient-unavailable',
        'item-not-found',
      ].includes(condition)
    )
      return new AdhocError(
        'service-unavailable',
        `the service is unavailable (${condition})`,
        undefined,
        condition,
      );
    if (condition === 'forbidden' || condition === 'not-allowed' || condition === 'not-authorized')
      return new AdhocError(
        'not-allowed',
        `the service refused (${condition})`,
        undefined,
        condition,
      );
    return new AdhocError(
      'rejected-by-server',
      `the service refused (${condition})`,
      undefined,
      condition,
    );
  }
  const coded = toXmppError(error);
  return new AdhocError(coded.code, coded.message);
}

/** Runs one command against one entity; each call is one IQ. */
export class AdhocClient {
  constructor(
    private readonly request: IqRequest,
    private readonly timeoutMs = ADHOC_TIMEOUT_MS,
  ) {}

  /** Starts `node` at `to`. */
  execute(to: string, node: string): Promise<AdhocStage> {
    return this.#send(to, node, undefined, 'execute');
  }

  /** Moves a running command on: next / complete with the submitted form, prev without one. */
  act(stage: AdhocStage, action: Exclude<AdhocAction, 'execute' | 'cancel'>, form?: DataForm) {
    return this.#send(stage.to, stage.node, stage.sessionid, action, form);
  }

  /** Cancels a running command; never throws (the service may already be gone). */
  async cancel(stage: AdhocStage): Promise<void> {
    if (stage.sessionid === undefined || stage.status !== 'executing') return;
    await this.#send(stage.to, stage.node, stage.sessionid, 'cancel').catch(() => undefined);
  }

  async #send(
    to: string,
    node: string,
    sessionid: string | undefined,
    action: AdhocAction,
    form?: DataForm,
  ): Promise<AdhocStage> {
    const command = xml(
      'command',
      { xmlns: NS.commands, node, action, ...(sessionid !== undefined && { sessionid }) },
      ...(form ? [buildDataForm(form)] : []),
    );
    let reply: Element;
    try {
      reply = await this.request(xml('iq', { type: 'set', to }, command), this.timeoutMs);
    } catch (error) {
      throw adhocFailure(error);
    }
    return readStage(to, node, sessionid, reply.getChild('command', NS.commands));
  }
}
