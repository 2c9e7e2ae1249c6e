// The registration service itself on a PostgreSQL store: a person registers through the XMPP
// command, the row lands in PostgreSQL (sealed), the operator's tool reads the same store, and
// a second registration while the first is live is answered with the first receipt.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresInstance } from '../../../server/scripts/postgres.mjs';
import { withCheck } from '../../unit/realname/reference';
import {
  command,
  connect,
  fieldsOf,
  formOf,
  register,
  REGISTER_NODE,
  STATUS_NODE,
  useRegistrationServer,
} from './harness';

let postgres: PostgresInstance;
// Registered before the server's hooks: the cluster is up when the service starts, and stops
// after it.
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

const { server } = useRegistrationServer({
  store: () => ({ kind: 'postgres', url: postgres.url }),
});
const service = () => server().registration!.jid;
const ID = withCheck('11010119900307123');
const identity = { name: '张三', 'id-number': ID, mobile: '13812345678' };

describe('registration service on PostgreSQL', () => {
  it('stores the registration sealed in PostgreSQL and answers from it', async () => {
    const amy = await connect(server(), 'amy');
    const done = await register(amy, service(), identity);
    expect(done.attrs.status).toBe('completed');
    const receipt = fieldsOf(formOf(done)).receipt?.[0];
    expect(receipt).toMatch(/^HT-/);

    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string; status: string; line: string }>(
        'SELECT id, status, r::text AS line FROM registrations r WHERE jid = $1',
        [`amy@${server().domain}`],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: receipt, status: 'pending' });
      for (const secret of [ID, '13812345678', '张三']) {
        expect(rows[0]!.line).not.toContain(secret);
        expect(rows[0]!.line).not.toContain(Buffer.from(secret).toString('hex'));
      }
    } finally {
      await client.end();
    }

    // Live: a new registration is not offered; the receipt is the stored one.
    const again = await command(amy, service(), { node: REGISTER_NODE, action: 'execute' });
    expect(again.attrs.status).toBe('completed');
    expect(fieldsOf(formOf(again)).receipt).toEqual([receipt]);

    const admin = server().registration!.admin;
    expect(admin(['list', 'pending']).out).toContain(receipt);
    expect(admin(['approve', receipt!]).code).toBe(0);
    const status = fieldsOf(
      formOf(await command(amy, service(), { node: STATUS_NODE, action: 'execute' })),
    );
    expect(status.status).toEqual(['approved']);
  });
});
