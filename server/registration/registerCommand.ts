/**
 * The registration as an ad-hoc command (XEP-0050) in two stages:
 *   1. identity: the configured fields, with XEP-0122 rules; checked here again (fieldChecks.ts).
 *   2. confirmation: what will be stored, masked, who receives it, on what authority and for how
 *      long, and an explicit consent box; prev goes back to stage 1, complete stores it.
 * The answer to complete is the receipt (receipt.ts). cancel ends the session at any stage. A
 * person whose registration is pending or approved gets their receipt instead of a new form:
 * nothing is registered twice.
 */
import type { Element } from '@xmpp/xml';
import type { DataForm, FormField } from '../../shared/dataforms';
import {
  commandCondition,
  commandElement,
  errorElement,
  invalidField,
  type CommandReply,
} from './commandXml';
import type { RegistrationConfig } from './config';
import { checkField, formFieldOf, shownValue } from './fieldChecks';
import { fixed, formType, readSubmission } from './forms';
import { linesOf } from './policyForm';
import { REALNAME } from './protocol';
import { receiptForm } from './receipt';
import type { Session, Sessions } from './sessions';
import type { RegistrationStorage } from './store';

export interface CommandDeps {
  readonly config: RegistrationConfig;
  readonly store: RegistrationStorage;
  readonly sessions: Sessions;
  readonly now: () => number;
  /** One line about what happened, with no personal data (receipt ids only). */
  readonly log: (line: string) => void;
}

const NODE = REALNAME.registerNode;
const bareOf = (jid: string) => jid.split('/')[0]!;

function identityForm(config: RegistrationConfig, session: Session): DataForm {
  const { form, policy } = config;
  // Going back shows what was entered, except the identity number: it is not sent out again.
  const prefill = (name: string, check?: string) =>
    check === 'id-number' ? [] : session.values.has(name) ? [session.values.get(name)!] : [];
  return {
    type: 'form',
    title: form.title,
    instructions: [
      ...(form.instructions ? linesOf(form.instructions) : []),
      `Received by ${config.component.jid} for: ${policy.authority}`,
    ],
    fields: [
      formType(REALNAME.registerForm),
      ...form.fields.map((field) => formFieldOf(field, prefill(field.var, field.check))),
    ],
  };
}

function confirmForm(config: RegistrationConfig, session: Session): DataForm {
  const { policy } = config;
  const summary = config.form.fields
    .filter((field) => session.values.get(field.var))
    .map((field) => fixed(shownValue(field, session.values.get(field.var)!), field.label));
  const consent: FormField = {
    type: 'boolean',
    var: 'consent',
    label: `I agree that ${config.component.jid} stores these data for ${policy.authority}`,
    required: true,
    values: [],
    options: [],
  };
  return {
    type: 'form',
    title: `${config.form.title}: confirm`,
    instructions: [
      `These data go to ${config.component.jid} and are kept for ${policy.retentionDays} days.`,
    ],
    fields: [
      formType(REALNAME.registerForm),
      ...summary,
      fixed(policy.authority, 'Authority'),
      ...linesOf(policy.legalText).map((line) => fixed(line)),
      ...(policy.legalUrl ? [fixed(policy.legalUrl, 'Legal text')] : []),
      fixed(`${policy.retentionDays} days`, 'Retention'),
      consent,
    ],
  };
}

const stageReply = (config: RegistrationConfig, session: Session): CommandReply =>
  session.stage === 1
    ? {
        node: NODE,
        sessionid: session.id,
        status: 'executing',
        actions: ['next'],
        execute: 'next',
        form: identityForm(config, session),
      }
    : {
        node: NODE,
        sessionid: session.id,
        status: 'executing',
        actions: ['prev', 'complete'],
        execute: 'complete',
        form: confirmForm(config, session),
      };

const badAction = () =>
  errorElement('modify', 'bad-request', undefined, commandCondition('bad-action'));

function submitIdentity(deps: CommandDeps, session: Session, command: Element): Element {
  const { config } = deps;
  const vars = new Set(config.form.fields.map((field) => field.var));
  const submitted = readSubmission(command, REALNAME.registerForm, vars);
  if (!submitted) {
    return errorElement(
      'modify',
      'bad-request',
      'No identity form submitted',
      commandCondition('bad-payload'),
    );
  }
  const values = new Map<string, string>();
  for (const field of config.form.fields) {
    const result = checkField(field, submitted.get(field.var) ?? [], deps.now());
    if (!result.ok) return invalidField(field.var, field.label, result.problem);
    values.set(field.var, result.value);
  }
  session.values = values;
  session.stage = 2;
  return commandElement(stageReply(config, session));
}

async function complete(deps: CommandDeps, session: Session, command: Element): Promise<Element> {
  const { config, store } = deps;
  const submitted = readSubmission(command, REALNAME.registerForm, new Set(['consent']));
  const consent = submitted?.get('consent')?.[0];
  if (consent !== '1' && consent !== 'true') {
    return invalidField('consent', 'Consent', 'required');
  }
  const idField = config.form.fields.find((field) => field.check === 'id-number');
  const idNumber = idField ? session.values.get(idField.var) : undefined;
  const { row, added } = await store.add(
    {
      jid: bareOf(session.owner),
      fields: Object.fromEntries(session.values),
      idLast4: idNumber ? idNumber.slice(-4) : undefined,
      status: config.policy.approval === 'automatic' ? 'approved' : 'pending',
    },
    deps.now(),
  );
  deps.sessions.drop(session);
  if (added) deps.log(`registration ${row.id} stored (${row.status})`);
  const text = added
    ? `Registration received. Receipt ${row.id} (${row.status}).`
    : `Already registered. Receipt ${row.id} (${row.status}).`;
  return commandElement({
    node: NODE,
    sessionid: session.id,
    status: 'completed',
    note: { type: 'info', text },
    form: receiptForm(config, row),
  });
}

/** Answers one <command node='urn:hutong:realname:register'/> IQ from `from` (a full JID). */
export async function handleRegister(
  deps: CommandDeps,
  from: string,
  command: Element,
): Promise<Element> {
  const { config, sessions } = deps;
  const action = (command.attrs.action as string | undefined) ?? 'execute';
  const sessionid = command.attrs.sessionid as string | undefined;
  if (!['execute', 'next', 'prev', 'complete', 'cancel'].includes(action)) {
    return errorElement('modify', 'bad-request', undefined, commandCondition('malformed-action'));
  }
  if (sessionid === undefined) {
    if (action !== 'execute') return badAction();
    const current = await deps.store.latestFor(bareOf(from));
    if (current && current.status !== 'rejected') {
      return commandElement({
        node: NODE,
        status: 'completed',
        note: {
          type: 'info',
          text: `Already registered. Receipt ${current.id} (${current.status}).`,
        },
        form: receiptForm(config, current),
      });
    }
    const session = sessions.create(NODE, from, deps.now());
    if (!session)
      return errorElement('wait', 'resource-constraint', 'Too many registrations at once');
    return commandElement(stageReply(config, session));
  }
  const session = sessions.find(sessionid, NODE, from, deps.now());
  if (!session) {
    return errorElement(
      'modify',
      'bad-request',
      'Unknown or expired session',
      commandCondition('bad-sessionid'),
    );
  }
  if (action === 'cancel') {
    sessions.drop(session);
    return commandElement({ node: NODE, sessionid: session.id, status: 'canceled' });
  }
  if (session.stage === 1) {
    return action === 'next' || action === 'execute'
      ? submitIdentity(deps, session, command)
      : badAction();
  }
  if (action === 'prev') {
    session.stage = 1;
    return commandElement(stageReply(config, session));
  }
  return action === 'complete' || action === 'execute'
    ? complete(deps, session, command)
    : badAction();
}
