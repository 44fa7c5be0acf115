// Turns what an agent answered (an error frame, a dropped link) into the domain error CSOC shows its
// client, so a route never parses link codes itself.
import type { LinkErrorCode } from '@csoc/common/agent-protocol';
import { ForbiddenError, InputError, NotFoundError, UnavailableError, type DomainError } from '../errors.ts';

export function agentErrorToDomainError(code: LinkErrorCode, message: string): DomainError {
  switch (code) {
    case 'not_found':
      return new NotFoundError(message, 'cluster_object_not_found');
    case 'forbidden':
      return new ForbiddenError(message, 'agent_forbidden');
    case 'invalid_params':
      return new InputError(message, undefined, 'invalid_params');
    case 'agent_disconnected':
      return new UnavailableError(message, 'agent_disconnected');
    case 'cancelled':
      return new UnavailableError(message, 'cancelled');
    case 'too_many_streams':
      return new UnavailableError(message, 'too_many_streams');
    default:
      return new UnavailableError(`The agent could not answer: ${message}`, `agent_${code}`);
  }
}
