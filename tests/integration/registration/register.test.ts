// The registration command against the real service: a full registration with its masked
// receipt, refusals that name the field, prev and cancel, sessions bound to their requester,
// the status command, the operator's decisions, and the ID number never in clear in the
// service's log or its SQLite files.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCheck } from '../../unit/realname/reference';
import {
  command,
  connect,
  fieldsOf,
  formOf,
  register,
  REGISTER_FORM,
  REGISTER_NODE,
  rejectionOf,
  STATUS_NODE,
  submit,
  useRegistrationServer,
} from './harness';

const { server } = useRegistrationServer();
const service = () => server().registration!.jid;

/** Beijing Dongcheng, born 1990-03-07: a number nobody holds, with a correct check character. */
const ID = withCheck('11010119900307123');
const identity = { name: '张三', 'id-number': ID, mobile: '13812345678' };

describe('registration command', () => {
  it('registers in two stages and answers with a receipt masked to the last four characters', async () => {
    const amy = await connect(server(), 'amy');
    const first = await command(amy, service(), { node: REGISTER_NODE, action: 'execute' });
    expect(first.attrs.status).toBe('executing');
    const stage1 = fieldsOf(formOf(first));
    expect(Object.keys(stage1)).toEqual(['FORM_TYPE', 'name', 'id-number', 'mobile']);
    const idField = formOf(first)!
      .getChildren('field')
      .find((f) => f.attrs.var === 'id-number')!;
    expect(idField.getChild('validate')?.getChildText('regex')).toBe('[0-9]{17}[0-9X]');

    const sessionid = String(first.attrs.sessionid);
    // Full-width digits and a zero-width space, as a Chinese input method or a paste brings them.
    const typed = `${[...ID.slice(0, 6)].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('')}\u200b${ID.slice(6)}`;
    const second = await command(
      amy,
      service(),
      { node: REGISTER_NODE, sessionid, action: 'next' },
      submit(REGISTER_FORM, { ...identity, 'id-number': typed }),
    );
    const stage2 = formOf(second)!;
    expect(second.getChild('actions')!.children.map((c) => (c as { name: string }).name)).toEqual([
      'prev',
      'complete',
    ]);
    const shown = stage2.getChildren('field').map((f) => f.getChildText('value'));
    expect(shown).toContain(`**************${ID.slice(-4)}`);
    expect(shown.join('\n')).not.toContain(ID);
    expect(JSON.stringify(fieldsOf(stage2))).toContain('Group owners must register');

    const done = await command(
      amy,
      service(),
      { node: REGISTER_NODE, sessionid, action: 'complete' },
      submit(REGISTER_FORM, { consent: '1' }),
    );
    expect(done.attrs.status).toBe('completed');
    const receipt = fieldsOf(formOf(done));
    expect(receipt.status).toEqual(['pending']);
    expect(receipt.receipt?.[0]).toMatch(/^HT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(receipt['id-number']).toEqual([`**************${ID.slice(-4)}`]);

    // Asked again, the person gets their receipt rather than a second registration.
    const again = await command(amy, service(), { node: REGISTER_NODE, action: 'execute' });
    expect(again.attrs.status).toBe('completed');
    expect(fieldsOf(formOf(again)).receipt).toEqual(receipt.receipt);
  });

  it('refuses an invalid ID number naming the field, and keeps the session for a correction', async () => {
    const ben = await connect(server(), 'ben');
    const first = await command(ben, service(), { node: REGISTER_NODE, action: 'execute' });
    const sessionid = String(first.attrs.sessionid);
    const wrong = ID.slice(0, 17) + (ID.endsWith('1') ? '2' : '1');
    const error = await rejectionOf(
      command(
        ben,
        service(),
        { node: REGISTER_NODE, sessionid, action: 'next' },
        submit(REGISTER_FORM, { ...identity, 'id-number': wrong }),
      ),
    );
    expect(error.condition).toBe('bad-request');
    expect(error.text).toContain('id-number');
    expect(error.text).not.toContain(wrong);
    // XEP-0050's condition first, then the field for programs (RFC 6120 allows more detail).
    expect(error.application?.name).toBe('bad-payload');
    const detail = error.element?.getChild('invalid-field', 'urn:hutong:realname:0');
    expect(detail?.attrs).toMatchObject({ var: 'id-number', problem: 'checksum' });

    const mobile = await rejectionOf(
      command(
        ben,
        service(),
        { node: REGISTER_NODE, sessionid, action: 'next' },
        submit(REGISTER_FORM, { ...identity, mobile: '12345' }),
      ),
    );
    expect(mobile.text).toContain('mobile');

    const fixed = await command(
      ben,
      service(),
      { node: REGISTER_NODE, sessionid, action: 'next' },
      submit(REGISTER_FORM, identity),
    );
    expect(fixed.attrs.status).toBe('executing');
    expect(
      formOf(fixed)!
        .getChildren('field')
        .some((f) => f.attrs.var === 'consent'),
    ).toBe(true);
  });

  it('goes back with prev (without sending the ID number out again) and ends with cancel', async () => {
    const cat = await connect(server(), 'cat');
    const first = await command(cat, service(), { node: REGISTER_NODE, action: 'execute' });
    const sessionid = String(first.attrs.sessionid);
    await command(
      cat,
      service(),
      { node: REGISTER_NODE, sessionid, action: 'next' },
      submit(REGISTER_FORM, identity),
    );
    const back = await command(cat, service(), { node: REGISTER_NODE, sessionid, action: 'prev' });
    expect(back.attrs.status).toBe('executing');
    const fields = fieldsOf(formOf(back));
    expect(fields.name).toEqual(['张三']);
    expect(fields['id-number']).toEqual([]);
    const canceled = await command(cat, service(), {
      node: REGISTER_NODE,
      sessionid,
      action: 'cancel',
    });
    expect(canceled.attrs.status).toBe('canceled');
    const gone = await rejectionOf(
      command(
        cat,
        service(),
        { node: REGISTER_NODE, sessionid, action: 'next' },
        submit(REGISTER_FORM, identity),
      ),
    );
    expect(gone.condition).toBe('bad-request');
    const status = await command(cat, service(), { node: STATUS_NODE, action: 'execute' });
    expect(fieldsOf(formOf(status)).status).toEqual(['none']);
  });

  it("refuses a form sent for another person's session, which stays its owner's", async () => {
    const dan = await connect(server(), 'dan');
    const eva = await connect(server(), 'eva');
    const first = await command(dan, service(), { node: REGISTER_NODE, action: 'execute' });
    const sessionid = String(first.attrs.sessionid);
    const stolen = await rejectionOf(
      command(
        eva,
        service(),
        { node: REGISTER_NODE, sessionid, action: 'next' },
        submit(REGISTER_FORM, identity),
      ),
    );
    expect(stolen.condition).toBe('bad-request');
    expect(stolen.application?.name).toBe('bad-sessionid');
    // Another resource of the same account is someone else too: a session is its requester's.
    const danElsewhere = await connect(server(), 'dan', 'other');
    const other = await rejectionOf(
      command(
        danElsewhere,
        service(),
        { node: REGISTER_NODE, sessionid, action: 'next' },
        submit(REGISTER_FORM, identity),
      ),
    );
    expect(other.condition).toBe('bad-request');
    const own = await command(
      dan,
      service(),
      { node: REGISTER_NODE, sessionid, action: 'next' },
      submit(REGISTER_FORM, identity),
    );
    expect(own.attrs.status).toBe('executing');
  });

  it('lets the operator approve and reject, and the person read the state and reason', async () => {
    const fay = await connect(server(), 'fay');
    const gus = await connect(server(), 'gus');
    const fayReceipt = fieldsOf(formOf(await register(fay, service(), identity))).receipt![0]!;
    const gusReceipt = fieldsOf(formOf(await register(gus, service(), identity))).receipt![0]!;
    const admin = server().registration!.admin;
    expect(admin(['list', 'pending']).out).toContain(fayReceipt);
    expect(admin(['approve', fayReceipt]).code).toBe(0);
    expect(admin(['reject', gusReceipt, 'The', 'name', 'does', 'not', 'match']).code).toBe(0);
    expect(admin(['approve', 'HT-0000-0000-0000']).code).toBe(1);
    const shown = admin(['show', gusReceipt]).out;
    expect(shown).toContain(`**************${ID.slice(-4)}`);
    expect(shown).not.toContain(ID);
    expect(admin(['show', gusReceipt, '--reveal']).out).toContain(ID);

    const fayStatus = fieldsOf(
      formOf(await command(fay, service(), { node: STATUS_NODE, action: 'execute' })),
    );
    expect(fayStatus.status).toEqual(['approved']);
    const gusStatus = fieldsOf(
      formOf(await command(gus, service(), { node: STATUS_NODE, action: 'execute' })),
    );
    expect(gusStatus).toMatchObject({ status: ['rejected'], reason: ['The name does not match'] });
    // Rejected, one may register again.
    const retry = await command(gus, service(), { node: REGISTER_NODE, action: 'execute' });
    expect(retry.attrs.status).toBe('executing');
  });

  it('never writes the ID number or the mobile number in clear to the log or the database files', async () => {
    const hal = await connect(server(), 'hal');
    await register(hal, service(), identity);
    const { logPath, storePath } = server().registration!;
    const files = [
      logPath,
      ...readdirSync(dirname(storePath)).map((name) => join(dirname(storePath), name)),
    ];
    expect(files.some((file) => file.endsWith('.sqlite'))).toBe(true);
    expect(readFileSync(logPath, 'utf8')).toMatch(/registration HT-\S+ stored/);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of [ID, '13812345678', '张三']) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
      }
    }
    // The Prosody log neither (the service's answers pass through it).
    expect(readFileSync(server().logPath).includes(Buffer.from(ID))).toBe(false);
  });
});
