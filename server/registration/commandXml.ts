/**
 * The stanza pieces of ad-hoc commands (XEP-0050) and of the errors the service answers with.
 * A refused field is named twice: in the error text for people and in an
 * <invalid-field xmlns='urn:hutong:realname:0' var='…' problem='…'/> element for programs.
 */
import { xml } from '@xmpp/component';
import type { Element } from '@xmpp/xml';
import type { DataForm } from '../../shared/dataforms';
import { NS } from '../../shared/namespaces';
import { formElement } from './forms';
import { REALNAME } from './protocol';

export type CommandAction = 'prev' | 'next' | 'complete';

export interface CommandReply {
  readonly node: string;
  readonly sessionid?: string;
  readonly status: 'executing' | 'completed' | 'canceled';
  /** Allowed actions; the first is the default (execute). */
  readonly actions?: readonly CommandAction[];
  readonly execute?: CommandAction;
  readonly form?: DataForm;
  readonly note?: { readonly type: 'info' | 'warn' | 'error'; readonly text: string };
}

export function commandElement(reply: CommandReply): Element {
  const el = xml('command', {
    xmlns: NS.commands,
    node: reply.node,
    status: reply.status,
    ...(reply.sessionid !== undefined && { sessionid: reply.sessionid }),
  });
  if (reply.actions?.length) {
    el.append(
      xml(
        'actions',
        reply.execute ? { execute: reply.execute } : {},
        ...reply.actions.map((action) => xml(action)),
      ),
    );
  }
  if (reply.note) el.append(xml('note', { type: reply.note.type }, reply.note.text));
  if (reply.form) el.append(formElement(reply.form));
  return el;
}

/** A stanza error; `commandCondition` adds XEP-0050's specific condition (bad-sessionid...). */
export function errorElement(
  type: 'cancel' | 'modify' | 'auth' | 'wait',
  condition: string,
  text?: string,
  ...details: Element[]
): Element {
  return xml(
    'error',
    { type },
    xml(condition, { xmlns: NS.stanzas }),
    ...(text ? [xml('text', { xmlns: NS.stanzas }, text)] : []),
    ...details,
  );
}

export const commandCondition = (
  name: 'bad-action' | 'bad-sessionid' | 'bad-payload' | 'malformed-action' | 'session-expired',
) => xml(name, { xmlns: NS.commands });

/** The error for a field whose value the service refuses. */
export function invalidField(name: string, label: string, problem: string): Element {
  return errorElement(
    'modify',
    'bad-request',
    `${label} (${name}): ${problem}`,
    commandCondition('bad-payload'),
    xml('invalid-field', { xmlns: REALNAME.ns, var: name, problem }),
  );
}
