import { describe, expect, it } from 'vitest';
import { ApiError } from './ApiError.ts';

describe('ApiError', () => {
  it("reads the API's error body: code, message, request id and field details", () => {
    const response = new Response(null, { status: 400, statusText: 'Bad Request' });
    const error = ApiError.fromResponse(response, {
      error: {
        code: 'invalid_request',
        message: 'body.spec.inputs.region must match the pattern',
        requestId: 'req-1',
        details: [
          { field: 'body.spec.inputs.region', message: 'must match pattern' },
          { field: 'body.spec.inputs.region', message: 'must be a string' },
          { field: 'body.metadata.name', message: 'is taken' },
        ],
      },
    });
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', requestId: 'req-1' });
    expect(error.message).toBe('body.spec.inputs.region must match the pattern');
    expect(error.fieldErrors('body.spec.inputs.')).toEqual({
      region: ['must match pattern', 'must be a string'],
    });
    expect(error.fieldErrors('body.metadata.')).toEqual({ name: ['is taken'] });
  });

  it('explains an answer without an error body by its status, with the request id header', () => {
    const response = new Response('<html>', {
      status: 502,
      statusText: 'Bad Gateway',
      headers: { 'x-request-id': 'req-2' },
    });
    const error = ApiError.fromResponse(response, undefined);
    expect(error).toMatchObject({ status: 502, code: 'http_502', requestId: 'req-2', details: [] });
    expect(error.message).toBe('The server answered 502 Bad Gateway.');
  });
});
