// Domain errors. They know nothing about HTTP; http/errorHandler.ts maps each to a status.
import type { Static } from 'typebox';
import type { FieldError } from '@csoc/common';

export type FieldErrorDetail = Static<typeof FieldError>;

/** Base of every error CSOC reports to a user on purpose; anything else is a 500. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    message: string,
    readonly code: string,
    readonly details?: FieldErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export type DomainErrorKind =
  | 'input'
  | 'not_found'
  | 'conflict'
  | 'precondition'
  | 'forbidden'
  | 'authentication'
  | 'unavailable'
  | 'too_large'
  | 'locked'
  | 'rate_limited';

export class InputError extends DomainError {
  readonly kind = 'input';
  constructor(message: string, details?: FieldErrorDetail[], code = 'invalid_request') {
    super(message, code, details);
  }
}
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  constructor(message: string, code = 'not_found') {
    super(message, code);
  }
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string, code = 'conflict', details?: FieldErrorDetail[]) {
    super(message, code, details);
  }
}
/** The client's If-Match named a version that is no longer current. */
export class PreconditionError extends DomainError {
  readonly kind = 'precondition';
  constructor(message: string, code = 'precondition_failed') {
    super(message, code);
  }
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(message: string, code = 'forbidden') {
    super(message, code);
  }
}
export class AuthenticationError extends DomainError {
  readonly kind = 'authentication';
  constructor(message: string, code = 'unauthenticated') {
    super(message, code);
  }
}
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(message: string, code = 'unavailable') {
    super(message, code);
  }
}
export class TooLargeError extends DomainError {
  readonly kind = 'too_large';
  constructor(message: string, code = 'payload_too_large') {
    super(message, code);
  }
}
/** A resource is held by someone else (e.g. a Terraform state lock). */
export class LockedError extends DomainError {
  readonly kind = 'locked';
  constructor(
    message: string,
    readonly holder?: unknown,
    code = 'locked',
  ) {
    super(message, code);
  }
}
export class RateLimitedError extends DomainError {
  readonly kind = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super(message, code);
  }
}
