/**
 * The policy as an XEP-0128 extended disco#info form (FORM_TYPE urn:hutong:realname:policy:0):
 * what a client reads to decide whether a registration step applies and to tell the person who
 * receives their data, on what authority and for how long. The Prosody module builds the same
 * fields, in the same order, for the group service's own disco#info; an integration test
 * compares the two.
 */
import type { DataForm, FormField } from '../../shared/dataforms';
import type { RegistrationConfig } from './config';
import { formType } from './forms';
import { REALNAME } from './protocol';

const field = (type: FormField['type'], name: string, values: readonly string[]): FormField => ({
  type,
  var: name,
  required: false,
  values,
  options: [],
});

/** Lines of a text-multi value (a trailing newline adds no empty line). */
export const linesOf = (text: string): string[] => text.replace(/\n$/, '').split('\n');

export function policyForm(config: Pick<RegistrationConfig, 'component' | 'policy'>): DataForm {
  const { policy } = config;
  const existing = policy.existingRooms;
  const fields: FormField[] = [
    formType(REALNAME.policyForm),
    field('jid-single', 'registration-service', [config.component.jid]),
    field('text-single', 'register-node', [REALNAME.registerNode]),
    field('text-single', 'status-node', [REALNAME.statusNode]),
    field('list-multi', 'required-for', policy.requiredFor),
    field('jid-multi', 'services', policy.services),
    field('text-single', 'authority', [policy.authority]),
    field('text-multi', 'legal-text', linesOf(policy.legalText)),
    ...(policy.legalUrl ? [field('text-single', 'legal-url', [policy.legalUrl])] : []),
    field('text-single', 'retention-days', [String(policy.retentionDays)]),
    field('list-single', 'approval', [policy.approval]),
    field('boolean', 'pending-counts', [policy.pendingCounts ? '1' : '0']),
    ...(existing.deadline
      ? [field('text-single', 'existing-rooms-deadline', [isoSeconds(existing.deadline)])]
      : []),
    field('list-single', 'existing-rooms-after-deadline', [existing.afterDeadline]),
  ];
  return { type: 'result', instructions: [], fields };
}

/** XEP-0082 date-time in UTC without fractions, as Prosody's util.datetime writes it. */
export const isoSeconds = (text: string): string =>
  new Date(text).toISOString().replace(/\.\d{3}Z$/, 'Z');
