/**
 * The operator's tool: `node dist/server/registrationAdmin.mjs --config FILE <command>`
 *
 *   list [pending|approved|rejected]   receipt, state, account, dates (no personal data)
 *   show RECEIPT [--reveal]            one registration; its data masked unless --reveal
 *   approve RECEIPT
 *   reject RECEIPT REASON...           the reason is shown to the person
 *
 * It works on the store directly (the service reads it on every question, so a decision counts
 * at once). --reveal prints the person's data to this terminal only: it is for reviewing a
 * registration, and nothing else ever decrypts a record.
 */
import { loadConfig, type RegistrationConfig } from './config';
import { shownValue } from './fieldChecks';
import { openStore } from './openStore';
import type { RegistrationRow, RegistrationStatus, RegistrationStorage } from './store';

const STATUSES: readonly RegistrationStatus[] = ['pending', 'approved', 'rejected'];
const USAGE = `usage: registrationAdmin.mjs --config FILE list [status] | show RECEIPT [--reveal]
       | approve RECEIPT | reject RECEIPT REASON`;

const iso = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());
const line = (row: RegistrationRow) =>
  [row.id, row.status, row.jid, iso(row.created), iso(row.decided), row.reason ?? ''].join('\t');

async function show(
  config: RegistrationConfig,
  store: RegistrationStorage,
  id: string,
  reveal: boolean,
): Promise<string> {
  const row = await store.get(id);
  const data = await store.reveal(id);
  if (!row || !data) return `no registration ${id}`;
  const fields = config.form.fields.map((field) => {
    const value = data[field.var] ?? '';
    return `  ${field.label}: ${reveal || value === '' ? value : shownValue(field, value)}`;
  });
  return [line(row), ...fields].join('\n');
}

export async function runAdmin(
  argv: readonly string[],
  now = Date.now(),
): Promise<{ code: number; out: string }> {
  const at = argv.indexOf('--config');
  const configPath = at >= 0 ? argv[at + 1] : undefined;
  const args = argv.filter((_, i) => i !== at && i !== at + 1);
  const [command, id, ...rest] = args;
  if (!configPath || !command) return { code: 2, out: USAGE };
  const config = loadConfig(configPath);
  const store = await openStore(config);
  try {
    switch (command) {
      case 'list': {
        if (id !== undefined && !STATUSES.includes(id as RegistrationStatus))
          return { code: 2, out: USAGE };
        return {
          code: 0,
          out: (await store.list(id as RegistrationStatus | undefined)).map(line).join('\n'),
        };
      }
      case 'show':
        if (!id) return { code: 2, out: USAGE };
        return (await store.get(id))
          ? { code: 0, out: await show(config, store, id, rest.includes('--reveal')) }
          : { code: 1, out: `no registration ${id}` };
      case 'approve':
      case 'reject': {
        const reason = rest.join(' ').trim();
        if (!id || (command === 'reject' && reason === '')) return { code: 2, out: USAGE };
        const status = command === 'approve' ? 'approved' : 'rejected';
        const row = await store.decide(id, status, reason || undefined, now);
        return row ? { code: 0, out: line(row) } : { code: 1, out: `no registration ${id}` };
      }
      default:
        return { code: 2, out: USAGE };
    }
  } finally {
    await store.close();
  }
}
