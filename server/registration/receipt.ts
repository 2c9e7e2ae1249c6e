/**
 * The receipt a person gets when they register, and the answer of the status command: the
 * receipt id, the state (none, pending, approved, rejected) with the operator's reason, and the
 * identity number masked to its last four characters. It holds nothing else of the person's data.
 */
import type { DataForm, FormField } from '../../shared/dataforms';
import { maskTail } from '../../shared/realname';
import { commandElement } from './commandXml';
import type { RegistrationConfig } from './config';
import { formType } from './forms';
import { REALNAME } from './protocol';
import type { RegistrationRow, RegistrationStorage } from './store';
import type { Element } from '@xmpp/xml';

const text = (name: string, label: string, value: string): FormField => ({
  type: 'text-single',
  var: name,
  label,
  required: false,
  values: [value],
  options: [],
});

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function receiptForm(
  config: Pick<RegistrationConfig, 'component'>,
  row: RegistrationRow | undefined,
): DataForm {
  const fields: FormField[] = [
    formType(REALNAME.receiptForm),
    text('service', 'Registration service', config.component.jid),
    text('status', 'Status', row?.status ?? 'none'),
  ];
  if (row) {
    fields.push(
      text('receipt', 'Receipt', row.id),
      text('submitted', 'Submitted', iso(row.created)),
    );
    // Twelve stars and the last four: the masked number never tells its length or region.
    if (row.idLast4)
      fields.push(text('id-number', 'ID number', maskTail(`${'0'.repeat(14)}${row.idLast4}`)));
    if (row.decided !== undefined) fields.push(text('decided', 'Decided', iso(row.decided)));
    if (row.reason) fields.push(text('reason', 'Reason', row.reason));
  }
  return { type: 'result', title: 'Real-name registration', instructions: [], fields };
}

/** Answers <command node='urn:hutong:realname:status'/>: the requester's own state only. */
export async function handleStatus(
  config: Pick<RegistrationConfig, 'component'>,
  store: RegistrationStorage,
  from: string,
): Promise<Element> {
  const row = await store.latestFor(from.split('/')[0]!);
  return commandElement({
    node: REALNAME.statusNode,
    status: 'completed',
    form: receiptForm(config, row),
  });
}
