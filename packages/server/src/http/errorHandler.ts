// Maps every failure to the one error shape {error: {code, message, details?, requestId}}. Domain errors
// map through a table the compiler checks is complete; anything unexpected is a logged 500 that shows
// the user no internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  type DomainErrorKind,
  type FieldErrorDetail,
  LockedError,
  RateLimitedError,
} from '../errors.ts';

const statusByKind: Record<DomainErrorKind, number> = {
  input: 400,
  authentication: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  too_large: 413,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
};

interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns Ajv errors into field errors that name the field and say how to fix it. */
export function fieldErrorsFromValidation(context: string, errors: AjvErrorLike[]): FieldErrorDetail[] {
  const details: FieldErrorDetail[] = [];
  for (const error of errors) {
    const base = [context, ...error.instancePath.split('/').filter(Boolean)].join('.');
    if (error.keyword === 'required') {
      details.push({ field: `${base}.${String(error.params.missingProperty)}`, message: 'is required' });
    } else if (error.keyword === 'additionalProperties') {
      details.push({
        field: `${base}.${String(error.params.additionalProperty)}`,
        message: 'is not a known field; remove it',
      });
    } else if (error.keyword === 'enum') {
      const allowed = (error.params.allowedValues as unknown[] | undefined)?.map(String).join(', ');
      details.push({ field: base, message: `must be one of: ${allowed}` });
    } else if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      if (!details.some((detail) => detail.field.startsWith(base)))
        details.push({ field: base, message: 'does not match any allowed form' });
    } else if (error.keyword === 'if') {
      continue;
    } else {
      details.push({ field: base, message: error.message ?? `fails ${error.keyword}` });
    }
  }
  return dedupe(details);
}

function dedupe(details: FieldErrorDetail[]): FieldErrorDetail[] {
  const seen = new Set<string>();
  return details.filter((detail) => {
    const key = `${detail.field}\u0000${detail.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: FieldErrorDetail[];
  headers?: Record<string, string>;
  /** Set for errors the server did not expect; those are logged with their stack. */
  unexpected?: boolean;
}

/** Classifies any thrown value into the status, code and user-facing message it answers with. */
export function describeError(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    const body: ErrorBody = { status: statusByKind[error.kind], code: error.code, message: error.message };
    if (error.details?.length) body.details = error.details;
    if (error instanceof RateLimitedError) body.headers = { 'retry-after': String(error.retryAfterSeconds) };
    if (error instanceof LockedError && error.holder !== undefined) body.details = [];
    return body;
  }
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError?.validation) {
    const details = fieldErrorsFromValidation(
      fastifyError.validationContext ?? 'body',
      fastifyError.validation as AjvErrorLike[],
    );
    return {
      status: 400,
      code: 'invalid_request',
      message: `The request is not valid: ${details.map((detail) => `${detail.field} ${detail.message}`).join('; ')}.`,
      details,
    };
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'payload_too_large',
        message: 'The request body is larger than this server accepts; send a smaller body.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', message: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'malformed_json',
        message: 'The body is empty but declared as JSON; send a JSON document or no content-type.',
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'malformed_json',
        message: 'The body is not valid JSON; check its syntax.',
      };
    default:
      break;
  }
  if (error instanceof SyntaxError && (fastifyError as { statusCode?: number }).statusCode === 400) {
    return { status: 400, code: 'malformed_json', message: 'The body is not valid JSON; check its syntax.' };
  }
  const statusCode = (fastifyError as { statusCode?: number })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode,
      code: statusCode === 429 ? 'rate_limited' : (fastifyError.code ?? 'bad_request').toLowerCase(),
      message: statusCode === 429 ? 'Too many requests; wait and try again.' : fastifyError.message,
    };
  }
  return {
    status: 500,
    code: 'internal',
    message:
      'An unexpected error occurred. The request id identifies it in the server log; try again or report it.',
    unexpected: true,
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const body = describeError(error);
  if (body.unexpected) request.log.error({ err: error }, 'request failed unexpectedly');
  if (body.headers) void reply.headers(body.headers);
  const payload: { code: string; message: string; details?: FieldErrorDetail[]; requestId: string } = {
    code: body.code,
    message: body.message,
    requestId: String(request.id),
  };
  if (body.details) payload.details = body.details;
  return reply.status(body.status).send({ error: payload });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'route_not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}; see /api/docs for the API.`,
        requestId: String(request.id),
      },
    }),
  );
}
