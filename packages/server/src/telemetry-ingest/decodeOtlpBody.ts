// Turns an OTLP/HTTP request body (protobuf or JSON, optionally gzip) into the OTLP JSON shape, so one
// summarizer reads both encodings. Protobuf is decoded with protobufjs against the protocol's own .proto
// files (otlp-proto/, opentelemetry-proto v1.9.0); a body that does not decode is an InputError naming the
// signal, the encoding and what failed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { InputError } from '../errors.ts';

export type OtlpSignal = 'metrics' | 'traces' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';

const PROTO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'otlp-proto');

const REQUEST_TYPES: Record<OtlpSignal, { file: string; type: string }> = {
  metrics: {
    file: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    type: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  },
  traces: {
    file: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    type: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  },
  logs: {
    file: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
    type: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
  },
};

let loadedRoot: protobuf.Root | undefined;

/** The OTLP protocol's types (request and response messages of every signal), loaded once. */
export function otlpRoot(): protobuf.Root {
  if (loadedRoot) return loadedRoot;
  const root = new protobuf.Root();
  // The .proto files import each other by their path under the proto root.
  root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
  root.loadSync(Object.values(REQUEST_TYPES).map((request) => request.file));
  loadedRoot = root;
  return root;
}

/** The protobuf message type of a signal's export request (tests and the benchmark encode with it). */
export function otlpRequestType(signal: OtlpSignal): protobuf.Type {
  return otlpRoot().lookupType(REQUEST_TYPES[signal].type);
}

/** The encoding a Content-Type names, or undefined for one OTLP/HTTP does not define. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return undefined;
}

/** Undoes Content-Encoding (identity or gzip); anything else is refused. */
export function decompressOtlpBody(body: Buffer, contentEncoding: string | undefined): Buffer {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip')
    throw new InputError(`Content-Encoding ${encoding} is not supported; send gzip or no encoding.`, [
      { field: 'headers.content-encoding', message: 'use gzip or identity' },
    ]);
  try {
    return gunzipSync(body, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (error) {
    const tooLarge = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new InputError(
      tooLarge
        ? `The gzip body expands past ${MAX_DECOMPRESSED_BYTES} bytes; send smaller batches.`
        : 'The body is declared gzip but does not decompress; send a gzip stream or drop Content-Encoding.',
      [{ field: 'body', message: tooLarge ? 'expands too much' : 'is not valid gzip' }],
    );
  }
}

/** A gzip bomb stops here: decompressed OTLP bodies are at most 16 MiB. */
export const MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

/** A decoded export request in the OTLP JSON shape (lowerCamelCase fields, 64-bit integers as numbers). */
export type OtlpRequest = Record<string, unknown>;

const RESOURCE_LIST: Record<OtlpSignal, string> = {
  metrics: 'resourceMetrics',
  traces: 'resourceSpans',
  logs: 'resourceLogs',
};

/**
 * Decodes a (decompressed) body. Protobuf becomes the JSON shape through protobufjs' toObject; JSON is
 * parsed and checked to carry the signal's resource list, so a metrics body posted to /v1/traces is refused.
 */
export function decodeOtlpBody(signal: OtlpSignal, encoding: OtlpEncoding, body: Buffer): OtlpRequest {
  const list = RESOURCE_LIST[signal];
  let decoded: OtlpRequest;
  if (encoding === 'protobuf') {
    try {
      const type = otlpRequestType(signal);
      decoded = type.toObject(type.decode(body), {
        longs: Number,
        enums: Number,
        bytes: String,
        defaults: false,
        arrays: true,
      });
    } catch (error) {
      throw new InputError(
        `The body is not an OTLP ${signal} export request in protobuf (${(error as Error).message}); send an Export${signalTypeName(signal)}ServiceRequest.`,
        [{ field: 'body', message: `does not decode as ${REQUEST_TYPES[signal].type}` }],
      );
    }
  } else {
    try {
      decoded = JSON.parse(body.toString('utf8')) as OtlpRequest;
    } catch (error) {
      throw new InputError(`The body is not valid JSON (${(error as Error).message}).`, [
        { field: 'body', message: 'is not JSON' },
      ]);
    }
    if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded))
      throw new InputError(`An OTLP ${signal} request is a JSON object with ${list}.`, [
        { field: 'body', message: 'is not an object' },
      ]);
    const otherList = Object.entries(RESOURCE_LIST).find(
      ([other, name]) => other !== signal && name in decoded,
    );
    if (otherList)
      throw new InputError(
        `The body carries ${otherList[1]}, which belongs at /v1/${otherList[0]}; this endpoint takes ${list}.`,
        [{ field: `body.${otherList[1]}`, message: `post it to /v1/${otherList[0]}` }],
      );
    decoded[list] ??= [];
  }
  const resources = decoded[list] ?? [];
  if (!Array.isArray(resources))
    throw new InputError(`${list} must be an array.`, [
      { field: `body.${list}`, message: 'is not an array' },
    ]);
  decoded[list] = resources;
  return decoded;
}

function signalTypeName(signal: OtlpSignal): string {
  return signal === 'metrics' ? 'Metrics' : signal === 'traces' ? 'Trace' : 'Logs';
}
