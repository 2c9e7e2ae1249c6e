// The host's static files against paths written by hand: malformed percent signs are the
// client's mistake (400, no exception, no stack in the log), and encoded traversal forms that
// survive URL parsing reach the folder guard and are refused.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHostServer, type HostServer } from '../../../electron/host/hostServer';
import { fail } from '../../../shared/errors';
import { rawGet } from './rawHttp';

let host: HostServer;
let tmp: string;
const SECRET = 'the secret next to the static folder';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hutong-static-'));
  const staticDir = path.join(tmp, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(staticDir, 'a b.txt'), 'spaced');
  writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  host = await startHostServer({
    staticDir,
    port: 0,
    dispatch: async () => fail('unknown-request', 'none here'),
  });
});

afterAll(async () => {
  await host.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('static paths', () => {
  it('answers a malformed percent sign with 400 and logs no stack', async () => {
    const logged = vi.spyOn(console, 'error');
    try {
      for (const target of ['/%E0%A4%A', '/%zz', '/%', '/index%ZZ.html', '/%C0%AF']) {
        const response = await rawGet(host.port, target);
        expect({ target, status: response.status }).toEqual({ target, status: 400 });
        expect(response.body).not.toMatch(/URIError|\n\s+at /u);
      }
      const lines = logged.mock.calls.map((call) => call.map(String).join(' '));
      expect(lines.filter((line) => /URIError|\n\s+at /u.test(line))).toEqual([]);
    } finally {
      logged.mockRestore();
    }
  });

  it('still decodes well-formed escapes', async () => {
    const response = await rawGet(host.port, '/a%20b.txt');
    expect([response.status, response.body]).toEqual([200, 'spaced']);
  });

  it.each([
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/static%2f..%2f..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/../secret.txt',
  ])('never serves what lies outside the folder: %s', async (target) => {
    const response = await rawGet(host.port, target);
    expect(response.body).not.toContain(SECRET);
    expect([400, 404]).toContain(response.status);
  });
});
