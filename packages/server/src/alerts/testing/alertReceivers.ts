// Real receivers for alert tests, on ephemeral loopback ports: an HTTP server that records every request
// (webhook, Slack stand-in) and answers what the test scripts, and a real SMTP server (smtp-server) that
// checks the password and records every message.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  path: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * `answer` decides the status of the nth request (0-based); 'hang' never answers (a receiver that stalls,
 * so the test can kill the sender mid-delivery).
 */
export async function startHttpReceiver(
  answer: (index: number, request: ReceivedRequest) => number | 'hang' = () => 200,
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '/',
      };
      const status = answer(requests.length, request);
      requests.push(request);
      if (status === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user: string;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Passwords of refused sign-ins (a test checks none arrived wrong). */
  refusedLogins: number;
  close(): Promise<void>;
}

/** A real SMTP server (no TLS: a local relay) that requires AUTH PLAIN/LOGIN with `user` and `password`. */
export async function startSmtpReceiver(user: string, password: string): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const receiver = { refusedLogins: 0 };
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password)
        return callback(null, { user: auth.username });
      receiver.refusedLogins += 1;
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: String(session.user ?? ''),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: http.Server }).server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    messages,
    get refusedLogins() {
      return receiver.refusedLogins;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs` with `what`. */
