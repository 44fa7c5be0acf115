// The one error type of the portal: what the API answered ({ error: { code, message, details, requestId } },
// the ErrorResponse of @csoc/common that the CLI reads too).
import type { ReceivedErrorResponse } from '@csoc/common';

/** One failing input: its path (e.g. body.spec.inputs.region) and what is wrong with it. */
export type ApiFieldDetail = NonNullable<NonNullable<ReceivedErrorResponse['error']>['details']>[number];

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  details?: ApiFieldDetail[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly details: ApiFieldDetail[];

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details ?? [];
  }

  static fromResponse(response: Response, body: unknown): ApiError {
    const error = (body as ReceivedErrorResponse | undefined)?.error;
    return new ApiError({
      status: response.status,
      code: error?.code ?? `http_${response.status}`,
      message: error?.message ?? `The server answered ${response.status} ${response.statusText}.`,
      requestId: error?.requestId ?? response.headers.get('x-request-id') ?? undefined,
      details: Array.isArray(error?.details) ? error.details : [],
    });
  }

  /** Field errors under a prefix, keyed by the rest of the path (e.g. 'body.spec.inputs.' → { region: [...] }). */
  fieldErrors(prefix: string): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const detail of this.details) {
      if (!detail.field.startsWith(prefix)) continue;
      (result[detail.field.slice(prefix.length)] ??= []).push(detail.message);
    }
    return result;
  }
}
