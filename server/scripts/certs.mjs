// Local certificate authority and server certificate for the Prosody instances that the tests and
// `npm start` run. Generated once with the openssl CLI and kept in the instance's data folder, so a
// developer who trusts (pins) the certificate once keeps it across restarts.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Days of validity: long enough to never expire in a developer's checkout. */
const CA_DAYS = 3650;
const SERVER_DAYS = 825;

async function openssl(args, cwd) {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed: ${error.stderr || error.message}`);
  }
}

/** SHA-256 fingerprint of a PEM certificate, colon-separated upper-case hex. */
export function fingerprintOf(certPath) {
  return new X509Certificate(readFileSync(certPath)).fingerprint256;
}

function coversNames(certPath, names) {
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    const san = cert.subjectAltName ?? '';
    const stillValid = Date.parse(cert.validTo) > Date.now() + 86_400_000;
    return stillValid && names.every((name) => san.includes(name));
  } catch {
    return false;
  }
}

/**
 * Makes sure `dir` holds a CA and a certificate for `domain` signed by it, creating what is missing.
 * The CA lives in `<dir>/ca`, apart from `<dir>/certs`, because Prosody indexes every certificate in
 * its `certificates` folder and must only find the server's.
 */
export async function ensureCertificates(dir, domain) {
  const caDir = join(dir, 'ca');
  const certDir = join(dir, 'certs');
  mkdirSync(caDir, { recursive: true });
  mkdirSync(certDir, { recursive: true });
  const caPath = join(caDir, 'ca.crt');
  const caKeyPath = join(caDir, 'ca.key');
  const certPath = join(certDir, `${domain}.crt`);
  const keyPath = join(certDir, `${domain}.key`);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  if (!existsSync(caPath) || !existsSync(caKeyPath)) {
    rmSync(certPath, { force: true });
    await openssl(
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        caKeyPath,
        '-out',
        caPath,
        '-days',
        String(CA_DAYS),
        '-subj',
        `/O=Hutong development/CN=Hutong local CA (${domain})`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      caDir,
    );
    chmodSync(caKeyPath, 0o600);
  }

  const names = [`DNS:${domain}`, `DNS:conference.${domain}`, 'IP Address:127.0.0.1'];
  if (!existsSync(keyPath) || !coversNames(certPath, names)) {
    const csrPath = join(certDir, `${domain}.csr`);
    const extPath = join(certDir, `${domain}.ext`);
    writeFileSync(
      extPath,
      [
        `subjectAltName=DNS:${domain},DNS:conference.${domain},IP:127.0.0.1`,
        'basicConstraints=critical,CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        '',
      ].join('\n'),
    );
    await openssl(
      ['req', ...ec, '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${domain}`],
      certDir,
    );
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        csrPath,
        '-CA',
        caPath,
        '-CAkey',
        caKeyPath,
        '-CAcreateserial',
        '-out',
        certPath,
        '-days',
        String(SERVER_DAYS),
        '-sha256',
        '-extfile',
        extPath,
      ],
      certDir,
    );
    chmodSync(keyPath, 0o600);
    rmSync(csrPath, { force: true });
    rmSync(extPath, { force: true });
  }

  return {
    caPath,
    certPath,
    keyPath,
    caFingerprint: fingerprintOf(caPath),
    certFingerprint: fingerprintOf(certPath),
  };
}
