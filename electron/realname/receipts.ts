/**
 * Receipts (FORM_TYPE urn:hutong:realname:receipt:0) as read from the service and as kept: the
 * ID number is masked again here whatever the service sent, so a careless service cannot put a
 * full number into our store or the renderer. Also the scrub that replaces, in anything shown
 * after a submission, the identity values that were sent with their masked form.
 */
import type { Receipt, RegistrationState } from '../../shared/contract';
import type { DataForm } from '../../shared/dataforms';
import { maskTail } from '../../shared/realname';
import { REALNAME_NS } from '../../shared/realnamePolicy';
import type { StoredReceipt } from '../storage/realnameStore';

const STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
const MAX = 200;

/** The receipt of a completed command's form; undefined when the form is not a receipt. */
export function readReceipt(
  form: DataForm | undefined,
  registrationService: string,
): Receipt | undefined {
  if (!form) return undefined;
  const values = new Map<string, string>();
  for (const field of form.fields)
    if (field.var !== undefined && !values.has(field.var))
      values.set(field.var, field.values[0] ?? '');
  if (values.get('FORM_TYPE') !== REALNAME_NS.receiptForm) return undefined;
  const status = STATUSES.find((s) => s === values.get('status')) ?? 'none';
  const text = (name: string) => {
    const value = values.get(name);
    return value ? value.slice(0, MAX) : undefined;
  };
  const id = text('id-number');
  const receipt = text('receipt');
  const submitted = text('submitted');
  const decided = text('decided');
  const reason = values.get('reason')?.slice(0, 2000);
  return {
    registrationService,
    status,
    ...(receipt && { receipt }),
    ...(submitted && { submitted }),
    // Masked again: stars stay stars, anything else keeps only its last four characters.
    ...(id && { idNumberMasked: /^\*+[^*]{0,4}$/.test(id) ? id : maskTail(id) }),
    ...(decided && { decided }),
    ...(reason && { reason }),
  };
}

/** A group's state from its owner account's receipt. */
export function stateOf(receipt: Receipt | undefined): RegistrationState {
  switch (receipt?.status) {
    case 'approved':
      return 'registered';
    case 'pending':
      return 'pending';
    case 'rejected':
      return 'rejected';
    case 'none':
      return 'missing';
    default:
      return 'unknown';
  }
}

export const toStored = (accountId: string, r: Receipt, now: number): StoredReceipt => ({
  accountId,
  registrationService: r.registrationService,
  status: r.status,
  ...(r.receipt && { receipt: r.receipt }),
  ...(r.submitted && { submitted: r.submitted }),
  ...(r.idNumberMasked && { idMasked: r.idNumberMasked }),
  ...(r.decided && { decided: r.decided }),
  ...(r.reason && { reason: r.reason }),
  updatedAt: now,
});

export const fromStored = (r: StoredReceipt): Receipt => ({
  registrationService: r.registrationService,
  status: r.status,
  ...(r.receipt && { receipt: r.receipt }),
  ...(r.submitted && { submitted: r.submitted }),
  ...(r.idMasked && { idNumberMasked: r.idMasked }),
  ...(r.decided && { decided: r.decided }),
  ...(r.reason && { reason: r.reason }),
});

/** Replaces every secret (ID number, mobile number sent) in `text` with its mask. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets)
    if (secret.length >= 4) out = out.split(secret).join(maskTail(secret));
  return out;
}

/** The form with every text scrubbed of the secrets (labels, values, options, instructions). */
export function scrubForm(form: DataForm, secrets: readonly string[]): DataForm {
  if (secrets.length === 0) return form;
  const s = (text: string) => scrubText(text, secrets);
  return {
    type: form.type,
    ...(form.title !== undefined && { title: s(form.title) }),
    instructions: form.instructions.map(s),
    fields: form.fields.map((field) => ({
      ...field,
      ...(field.label !== undefined && { label: s(field.label) }),
      ...(field.desc !== undefined && { desc: s(field.desc) }),
      values: field.values.map(s),
      options: field.options.map((option) => ({
        value: s(option.value),
        ...(option.label !== undefined && { label: s(option.label) }),
      })),
    })),
  };
}
