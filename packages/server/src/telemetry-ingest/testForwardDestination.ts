// A test-send to an org's OTLP forwarding destination: one empty OTLP/HTTP metrics export (valid for any
// OTLP receiver, it carries no data point) with the destination's sealed headers, straight through the
// same egress path forwarding uses, so an admin learns at once whether the endpoint, its TLS, its address
// rule and its credentials work — without waiting for a commons to send something.
import type { Kysely } from 'kysely';
import { openBlob } from '../credentials/sealBlob.ts';
import type { Vault } from '../credentials/createVault.ts';
import { fromSealedColumns } from '../credentials/sealedColumns.ts';
import type { Database } from '../db/schema.ts';
import { EgressRefusedError, EgressUnresolvedError, type EgressResolver } from '../http/pinnedEgress.ts';
import { forwarderBinding, forwardUrlOf, postBytes } from './otlpForwarder.ts';

export interface ForwardTestResult {
  delivered: boolean;
  url: string;
  statusCode: number | null;
  error: string | null;
}

export interface TestForwardOptions {
  db: Kysely<Database>;
  vault: Vault;
  allowedCidrs: readonly string[];
  timeoutMs?: number;
  resolve?: EgressResolver;
}

/** An ExportMetricsServiceRequest with no resource: receivers answer 200 and store nothing. */
const EMPTY_METRICS_EXPORT = Buffer.from('{"resourceMetrics":[]}');

/**
 * Sends the test to the org's destination (enabled or not: an admin may test before turning it on).
 * Undefined when the org has no destination. Errors name the cause, never a header value.
 */
export async function testForwardDestination(
  orgId: string,
  options: TestForwardOptions,
): Promise<ForwardTestResult | undefined> {
  const row = await options.db
    .selectFrom('telemetry_forwarders')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return undefined;
  const headers = JSON.parse(
    (await openBlob(options.vault, forwarderBinding(orgId), fromSealedColumns(row))).toString('utf8'),
  ) as Record<string, string>;
  const url = forwardUrlOf(new URL(row.endpoint), 'metrics');
  try {
    const status = await postBytes(
      url,
      { orgId, signal: 'metrics', body: EMPTY_METRICS_EXPORT, contentType: 'application/json' },
      headers,
      {
        allowedCidrs: options.allowedCidrs,
        timeoutMs: options.timeoutMs ?? 10_000,
        resolve: options.resolve,
      },
    );
    const delivered = status >= 200 && status < 300;
    return {
      delivered,
      url: url.href,
      statusCode: status,
      error: delivered ? null : `the destination answered HTTP ${status}${hintOf(status)}`,
    };
  } catch (error) {
    // As the forwarder does: a refusal or an unknown name says why; a network failure only its code.
    const named =
      error instanceof EgressRefusedError || (error instanceof EgressUnresolvedError && !error.code);
    return {
      delivered: false,
      url: url.href,
      statusCode: null,
      error: named
        ? (error as Error).message
        : `could not reach the destination (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`,
    };
  }
}

function hintOf(status: number): string {
  if (status === 401 || status === 403) return ': check the credentials in its headers';
  if (status === 404) return ': check the endpoint path (CSOC appends /v1/metrics, /v1/traces, /v1/logs)';
  return '';
}
