// The OTLP/HTTP receiver: POST /otlp/v1/metrics, /otlp/v1/traces and /otlp/v1/logs, the paths an OTLP
// exporter appends to the base URL `<CSOC>/otlp`. Bodies are protobuf or JSON, optionally gzip; the
// commons is the one the bearer ingest credential belongs to. Refusals: 401 without a valid credential,
// 413 over the body limit, 429 (Retry-After) over the commons' rate, 403 when a resource claims another
// commons, 400 naming what failed to decode. Success answers the signal's Export*ServiceResponse in the
// request's encoding, with partial_success when CSOC did not keep some points.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { findCommonsById } from '../commons/commonsStore.ts';
import { ForbiddenError, InputError, RateLimitedError, TooLargeError } from '../errors.ts';
import type { CsocApp } from '../http/appContext.ts';
import { countHit } from '../http/databaseRateLimitStore.ts';
import {
  decodeOtlpBody,
  decompressOtlpBody,
  otlpEncodingOf,
  otlpRoot,
  type OtlpRequest,
  type OtlpSignal,
} from './decodeOtlpBody.ts';
import { authenticateIngestToken } from './ingestCredentials.ts';
import type { OtlpForwarder } from './otlpForwarder.ts';
import { summarizeLogs, summarizeMetrics, summarizeTraces, type OtlpSummaryInput } from './summarizeOtlp.ts';
import { recordTelemetrySummary } from './telemetryBuckets.ts';

export const OTLP_BASE_PATH = '/otlp';

const SIGNALS: Record<
  OtlpSignal,
  {
    summarize: (request: OtlpRequest) => OtlpSummaryInput;
    response: string;
    rejectedField: string;
    resourceList: string;
  }
> = {
  metrics: {
    summarize: summarizeMetrics,
    response: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse',
    rejectedField: 'rejectedDataPoints',
    resourceList: 'resourceMetrics',
  },
  traces: {
    summarize: summarizeTraces,
    response: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse',
    rejectedField: 'rejectedSpans',
    resourceList: 'resourceSpans',
  },
  logs: {
    summarize: summarizeLogs,
    response: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse',
    rejectedField: 'rejectedLogRecords',
    resourceList: 'resourceLogs',
  },
};

/** The resource attribute a commons' agent may set to name its commons; another commons' name is refused. */
export const COMMONS_RESOURCE_ATTRIBUTE = 'csoc.commons';

interface IngestTarget {
  orgId: string;
  commonsId: string;
}

const targets = new WeakMap<FastifyRequest, IngestTarget>();

function claimedCommonsNames(decoded: OtlpRequest, list: string): string[] {
  const names = new Set<string>();
  for (const resource of (decoded[list] ?? []) as Array<{ resource?: { attributes?: unknown[] } }>)
    for (const attribute of (resource.resource?.attributes ?? []) as Array<{
      key?: string;
      value?: { stringValue?: string };
    }>)
      if (attribute.key === COMMONS_RESOURCE_ATTRIBUTE && attribute.value?.stringValue !== undefined)
        names.add(attribute.value.stringValue);
  return [...names];
}

export function registerOtlpIngestRoutes(app: CsocApp, forwarder: OtlpForwarder): void {
  const { context } = app;
  const { config, database } = context;
  const bodyLimit = config.telemetryBodyLimitBytes;

  app.register(async (scope: FastifyInstance) => {
    // OTLP bodies are kept as bytes: decoded here, forwarded unchanged. Any content type reaches the
    // handler, which names the two OTLP/HTTP defines.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );

    scope.addHook('onRequest', async (request) => {
      const target = await authenticateIngestToken(database.db, request.headers.authorization);
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > bodyLimit)
        throw new TooLargeError(
          `The OTLP body is ${declared} bytes; this CSOC accepts at most ${bodyLimit} (CSOC_TELEMETRY_BODY_LIMIT_BYTES). Send smaller batches (the exporter's batch size).`,
        );
      const limit = config.telemetryRateLimitPerMinute;
      const hit = await countHit(database, `otlp|${target.commonsId}`, 60_000);
      if (hit.current > limit)
        throw new RateLimitedError(
          `This commons sent more than ${limit} OTLP requests this minute (CSOC_TELEMETRY_RATE_LIMIT_PER_MINUTE); retry after the Retry-After seconds, or batch more per request.`,
          Math.max(1, Math.ceil(hit.ttl / 1000)),
        );
      targets.set(request, target);
    });

    for (const signal of Object.keys(SIGNALS) as OtlpSignal[]) {
      const spec = SIGNALS[signal];
      scope.post(
        `${OTLP_BASE_PATH}/v1/${signal}`,
        {
          config: { action: 'telemetry.ingest' },
          bodyLimit,
          schema: {
            tags: ['telemetry'],
            summary: `OTLP/HTTP ${signal} from a commons (protobuf or JSON, gzip allowed; Bearer ingest credential)`,
            body: Type.Unknown(),
            response: { 200: Type.Unknown() },
          },
        },
        async (request, reply) => {
          const target = targets.get(request)!;
          const raw = request.body;
          const contentType = String(request.headers['content-type'] ?? '');
          const encoding = otlpEncodingOf(contentType);
          if (!encoding)
            throw new InputError(
              `Content-Type ${contentType || '(none)'} is not OTLP/HTTP; send application/x-protobuf or application/json.`,
              [{ field: 'headers.content-type', message: 'use application/x-protobuf or application/json' }],
            );
          if (!Buffer.isBuffer(raw) || raw.length === 0)
            throw new InputError(`Send an OTLP ${signal} export request as the body.`, [
              { field: 'body', message: 'is empty' },
            ]);
          const contentEncoding = request.headers['content-encoding'];
          const decoded = decodeOtlpBody(signal, encoding, decompressOtlpBody(raw, contentEncoding));

          let summary: OtlpSummaryInput;
          let claimed: string[];
          try {
            claimed = claimedCommonsNames(decoded, spec.resourceList);
            summary = spec.summarize(decoded);
          } catch (error) {
            // JSON that parses but is not shaped like OTLP (a number where a list belongs, nulls).
            throw new InputError(
              `The body is not an OTLP ${signal} export request (${(error as Error).message}); follow the OTLP JSON encoding.`,
              [{ field: `body.${spec.resourceList}`, message: 'does not have the OTLP shape' }],
            );
          }
          if (claimed.length) {
            const commons = await findCommonsById(database.db, target.commonsId);
            const other = claimed.find((name) => name !== commons.name);
            if (other !== undefined)
              throw new ForbiddenError(
                `This ingest credential belongs to commons ${commons.name}, but a resource says ${COMMONS_RESOURCE_ATTRIBUTE}=${other}; send each commons' telemetry with its own credential.`,
                'wrong_commons',
              );
          }

          const recorded = await recordTelemetrySummary(database, target, summary);
          // Stored before the answer: a request CSOC accepted is forwarded even if this process dies now.
          await forwarder.enqueue({
            orgId: target.orgId,
            signal,
            body: raw,
            contentType,
            ...(typeof contentEncoding === 'string' ? { contentEncoding } : {}),
          });

          const response = recorded.rejected
            ? {
                partialSuccess: {
                  [spec.rejectedField]: recorded.rejected,
                  errorMessage: `CSOC did not keep ${recorded.rejected}: ${recorded.rejectedReason ?? 'over its bounds'}`,
                },
              }
            : {};
          if (encoding === 'json') return reply.type('application/json').send(JSON.stringify(response));
          const type = otlpRoot().lookupType(spec.response);
          return reply
            .type('application/x-protobuf')
            .send(Buffer.from(type.encode(type.fromObject(response)).finish()));
        },
      );
    }
  });
}
