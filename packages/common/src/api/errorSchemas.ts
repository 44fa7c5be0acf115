// The one error shape every API failure answers with.
import Type, { type Static } from 'typebox';

export const FieldError = Type.Object({
  field: Type.String({ description: 'JSON pointer-like path of the failing input, e.g. body.name' }),
  message: Type.String(),
});

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable machine-readable code, e.g. invalid_request, not_found' }),
    message: Type.String({ description: 'What failed, why, and what to do next' }),
    details: Type.Optional(Type.Array(FieldError)),
    requestId: Type.String(),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

/**
 * An error answer as a client receives it (the portal's ApiError, the CLI's messages): any field may be
 * missing when something other than CSOC answered, e.g. a proxy or a load balancer.
 */
export type ReceivedErrorResponse = { error?: Partial<ErrorResponse['error']> };
