// Test support: a throw-away certificate authority, a server certificate for 127.0.0.1/localhost and a client
// certificate, all made by the system's openssl (a real X.509 chain, as a cluster's CA and kubelet issue
// them). Only for tests: the keys are written to a temp dir that is removed before returning.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** PEM of the self-signed CA that signed both certificates. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate with CN `clientCommonName` (the user a Kubernetes API server would see). */
  clientCert: string;
  clientKey: string;
}

export interface TestCertificatesOptions {
  /** Default `csoc-deployer`. */
  clientCommonName?: string;
}

/**
 * Makes a CA and two certificates it signed (EC P-256, valid one day).
 *
 * @example
 * const certs = createTestCertificates();
 * https.createServer({ cert: certs.serverCert, key: certs.serverKey }, handler);
 */
export function createTestCertificates(options: TestCertificatesOptions = {}): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'csoc-test-ca-'));
  const at = (name: string) => join(dir, name);
  const openssl = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  const newKey = (name: string) =>
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', at(name)]);
  const sign = (name: string, subject: string, extensions: string) => {
    newKey(`${name}.key`);
    openssl(['req', '-new', '-key', at(`${name}.key`), '-subj', subject, '-out', at(`${name}.csr`)]);
    writeFileSync(at(`${name}.ext`), extensions);
    openssl([
      'x509',
      '-req',
      '-in',
      at(`${name}.csr`),
      '-CA',
      at('ca.crt'),
      '-CAkey',
      at('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      at(`${name}.ext`),
      '-out',
      at(`${name}.crt`),
    ]);
  };
  try {
    newKey('ca.key');
    openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      at('ca.key'),
      '-subj',
      '/CN=csoc-test-cluster-ca',
      '-days',
      '1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      at('ca.crt'),
    ]);
    sign(
      'server',
      '/CN=kube-apiserver',
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature\n',
    );
    sign(
      'client',
      `/O=csoc/CN=${options.clientCommonName ?? 'csoc-deployer'}`,
      'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature\n',
    );
    const read = (name: string) => readFileSync(at(name), 'utf8');
    return {
      caCert: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
