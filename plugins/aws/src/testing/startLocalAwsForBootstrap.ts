// Test support: the two AWS APIs the commons bootstrap calls, served locally — Secrets Manager (an in-memory
// store) and the RDS Data API (statements run on a real PostgreSQL). AWS itself cannot run here; this is the
// boundary. Every request must carry a valid SigV4 signature for the test credentials, and every SQL text
// received is recorded so tests can prove no password travels in it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { signAwsRequest, type AwsCredentials } from '../bootstrap/signAwsRequest.ts';

export interface LocalAws {
  url: string;
  credentials: AwsCredentials;
  /** secret id -> versions (newest last). */
  secrets: Map<string, string[]>;
  /** Every SQL text the Data API received, in order. */
  statements: string[];
  close(): Promise<void>;
}

export async function startLocalAwsForBootstrap(options: {
  /** PostgreSQL server URL of a superuser (the stand-in for the Aurora master user). */
  postgresUrl: string;
  masterSecretArn: string;
  region: string;
  /** The only credentials accepted (default: a fixed test key pair). */
  credentials?: AwsCredentials;
}): Promise<LocalAws> {
  const credentials = options.credentials ?? {
    accessKeyId: 'AKIALOCALBOOTSTRAP01',
    secretAccessKey: 'local-bootstrap-secret-key',
  };
  const secrets = new Map<string, string[]>();
  const statements: string[] = [];
  const transactions = new Map<string, pg.Client>();

  const connect = async (database: string) => {
    const url = new URL(options.postgresUrl);
    if (database !== 'postgres') url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };

  async function execute(input: {
    sql: string;
    database?: string;
    transactionId?: string;
    parameters?: Array<{ name: string; value: { stringValue: string } }>;
  }) {
    statements.push(input.sql);
    const names = (input.parameters ?? []).map((p) => p.name);
    const text = input.sql.replace(/:([a-z_]+)/g, (match, name: string) =>
      names.includes(name) ? `$${names.indexOf(name) + 1}` : match,
    );
    const values = (input.parameters ?? []).map((p) => p.value.stringValue);
    const client = input.transactionId
      ? transactions.get(input.transactionId)
      : await connect(input.database ?? 'postgres');
    if (!client) throw Object.assign(new Error('Transaction not found'), { code: 'BadRequestException' });
    try {
      const result = await client.query({ text, values, rowMode: 'array' });
      return {
        records: (result.rows as unknown[][]).map((row) => row.map((v) => ({ stringValue: String(v) }))),
      };
    } finally {
      if (!input.transactionId) await client.end();
    }
  }

  async function handle(request: IncomingMessage, body: string): Promise<[number, unknown]> {
    const target = request.headers['x-amz-target'] as string | undefined;
    const service = target ? 'secretsmanager' : 'rds-data';
    const expected = signAwsRequest({
      method: 'POST',
      url: `http://${request.headers.host}${request.url}`,
      headers: Object.fromEntries(
        Object.entries(request.headers)
          .filter(([name]) => name === 'content-type' || name === 'x-amz-target')
          .map(([name, value]) => [name, String(value)]),
      ),
      body,
      service,
      region: options.region,
      credentials,
      now: parseAmzDate(String(request.headers['x-amz-date'])),
    });
    if (expected.authorization !== request.headers.authorization) {
      return [403, { __type: 'InvalidSignatureException', message: 'The request signature does not match' }];
    }
    const input = JSON.parse(body) as Record<string, any>;
    if (target) {
      const action = target.replace('secretsmanager.', '');
      const versions = secrets.get(input.SecretId);
      if (!versions)
        return [
          400,
          {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          },
        ];
      if (action === 'GetSecretValue') {
        if (versions.length === 0) return [400, { __type: 'ResourceNotFoundException', message: 'no value' }];
        return [200, { SecretString: versions[versions.length - 1] }];
      }
      if (action === 'DescribeSecret') {
        return [
          200,
          { Name: input.SecretId, VersionIdsToStages: versions.length ? { v1: ['AWSCURRENT'] } : undefined },
        ];
      }
      if (action === 'PutSecretValue') {
        versions.push(input.SecretString);
        return [200, { Name: input.SecretId, VersionId: input.ClientRequestToken }];
      }
      return [400, { __type: 'InvalidRequestException', message: `unsupported ${action}` }];
    }
    if (input.secretArn !== options.masterSecretArn) {
      return [400, { __type: 'BadRequestException', message: 'secretArn is not the master secret' }];
    }
    try {
      if (request.url === '/BeginTransaction') {
        const transactionId = randomUUID();
        const client = await connect(input.database ?? 'postgres');
        await client.query('BEGIN');
        transactions.set(transactionId, client);
        return [200, { transactionId }];
      }
      if (request.url === '/CommitTransaction' || request.url === '/RollbackTransaction') {
        const client = transactions.get(input.transactionId);
        transactions.delete(input.transactionId);
        await client?.query(request.url === '/CommitTransaction' ? 'COMMIT' : 'ROLLBACK');
        await client?.end();
        return [200, { transactionStatus: 'done' }];
      }
      if (request.url === '/Execute') return [200, await execute(input as Parameters<typeof execute>[0])];
    } catch (error) {
      return [400, { __type: 'DatabaseErrorException', message: (error as Error).message }];
    }
    return [404, { __type: 'UnknownOperationException', message: request.url }];
  }

  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      handle(request, body).then(
        ([status, payload]) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(payload));
        },
        (error: Error) => {
          response.writeHead(500, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ __type: 'InternalFailure', message: error.message }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    credentials,
    secrets,
    statements,
    close: async () => {
      for (const client of transactions.values()) await client.end().catch(() => undefined);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : new Date(0);
}
