// The audit log as the API shows it.
import Type from 'typebox';
import { DateTimeInput } from './dateTimeSchemas.ts';

export const AuditEvent = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  time: Type.String(),
  actor: Type.Object({
    kind: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    label: Type.String(),
  }),
  orgId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.String(),
  outcome: Type.String(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  summary: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

export const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    actor: Type.Optional(
      Type.String({ maxLength: 320, description: 'Actor email/label (substring) or user id' }),
    ),
    target: Type.Optional(
      Type.String({ maxLength: 500, description: 'Target prefix, e.g. orgs/acme/commons/prod' }),
    ),
    action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action, e.g. run.approve' })),
    outcome: Type.Optional(
      Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]),
    ),
    since: Type.Optional(DateTimeInput('Events at or after this time')),
    until: Type.Optional(DateTimeInput('Events before this time')),
  },
  { additionalProperties: false },
);

export const AuditChainStatus = Type.Object({
  valid: Type.Boolean(),
  checked: Type.Integer(),
  firstBroken: Type.Optional(Type.Object({ id: Type.String(), seq: Type.Integer(), reason: Type.String() })),
});
