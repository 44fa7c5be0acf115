// Alert delivery: a burst of alerts (each its own notification) reported at once, delivered to a local
// webhook receiver by the dispatchers of one CSOC process (serve's own task, default settings: poll 2 s,
// batch 20, immediate re-poll while batches are full) — notifications per second and report-to-receipt
// latency, on SQLite and PostgreSQL.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportAlertCondition } from '@csoc/server/internal/alerts/alertEngine.ts';
import { createPostgresTestDatabase } from '@csoc/server/testing/testDatabases.ts';
import { startThrowawayPostgres } from '@csoc/server/testing/startThrowawayPostgres.ts';
import { median, printTable, round, startBenchCsoc } from './benchKit.ts';

const BURST = 500;

async function benchOne(dialect: string, databaseUrl: string | undefined) {
  const received = new Map<string, number>();
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      for (const alert of (JSON.parse(body) as { alerts: Array<{ subject: string }> }).alerts)
        received.set(alert.subject, performance.now());
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const csoc = await startBenchCsoc(databaseUrl, { CSOC_ALERT_ALLOWED_CIDRS: '127.0.0.0/8' });
  try {
    await csoc.admin.post('/api/v1/orgs', { slug: 'bench-alerts', name: 'Bench' });
    const orgId = (await csoc.admin.get('/api/v1/orgs/bench-alerts')).body.id as string;
    await csoc.admin.post('/api/v1/orgs/bench-alerts/alerts/rules', {
      name: 'down',
      kind: 'service-down',
      forSeconds: 0,
    });
    await csoc.admin.post('/api/v1/orgs/bench-alerts/alerts/channels', {
      name: 'hook',
      kind: 'webhook',
      config: { url },
      secrets: { secret: 'bench-signing-secret-000' },
      route: { groupBy: ['subject'], groupWaitSeconds: 0 },
    });
    const reported = new Map<string, number>();
    const started = performance.now();
    for (let index = 0; index < BURST; index++) {
      const subject = `service-${index}`;
      reported.set(subject, performance.now());
      await reportAlertCondition(csoc.context.database, {
        orgId,
        kind: 'service-down',
        commonsName: 'bench',
        subject,
        firing: true,
        summary: 'down',
      });
    }
    const reportSeconds = (performance.now() - started) / 1000;
    const deadline = Date.now() + 600_000;
    while (received.size < BURST && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const totalSeconds = (performance.now() - started) / 1000;
    const latencies = [...received].map(([subject, at]) => at - reported.get(subject)!).sort((a, b) => a - b);
    return {
      database: dialect,
      alerts: BURST,
      delivered: received.size,
      'report/s': round(BURST / reportSeconds, 0),
      'delivered/s': round(received.size / totalSeconds, 0),
      'latency p50 ms': round(median(latencies), 0),
      'latency p99 ms': round(latencies[Math.floor(latencies.length * 0.99)] ?? NaN, 0),
    };
  } finally {
    await csoc.stop();
    receiver.close();
  }
}

export async function benchAlerts(): Promise<void> {
  const rows = [await benchOne('sqlite', undefined)];
  const postgres = process.env.CSOC_TEST_DATABASE_URL ? undefined : await startThrowawayPostgres();
  if (postgres) process.env.CSOC_TEST_DATABASE_URL = postgres.url;
  try {
    rows.push(await benchOne('postgres', await createPostgresTestDatabase()));
  } finally {
    await postgres?.stop();
  }
  printTable(`Alert delivery: a burst of ${BURST} alerts to one webhook, one CSOC process`, rows);
}
