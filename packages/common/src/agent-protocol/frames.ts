// The frames of the csoc-agent link (ADR 0065): JSON text messages, each naming its stream. Requests are
// opened by CSOC; the agent answers with data chunks (streams only) and one result or error.
import Type, { type Static } from 'typebox';
import { MAX_DATA_CHUNK_BYTES, MAX_FRAME_BYTES, MAX_STREAM_ID } from './limits.ts';

const StreamId = Type.Integer({ minimum: 1, maximum: MAX_STREAM_ID });

export const OpenFrame = Type.Object(
  {
    type: Type.Literal('open'),
    stream: StreamId,
    kind: Type.String({ maxLength: 64 }),
    params: Type.Unknown(),
  },
  { additionalProperties: false },
);
export const DataFrame = Type.Object(
  { type: Type.Literal('data'), stream: StreamId, chunk: Type.String({ maxLength: MAX_DATA_CHUNK_BYTES }) },
  { additionalProperties: false },
);
export const ResultFrame = Type.Object(
  { type: Type.Literal('result'), stream: StreamId, result: Type.Unknown() },
  { additionalProperties: false },
);
/** Codes an error frame may carry; the message says the rest in words. */
export const LinkErrorCode = Type.Union([
  Type.Literal('unknown_kind'),
  Type.Literal('invalid_params'),
  Type.Literal('invalid_result'),
  Type.Literal('too_many_streams'),
  Type.Literal('duplicate_stream'),
  Type.Literal('not_found'),
  Type.Literal('forbidden'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
  Type.Literal('agent_disconnected'),
]);
export type LinkErrorCode = Static<typeof LinkErrorCode>;
export const ErrorFrame = Type.Object(
  {
    type: Type.Literal('error'),
    stream: StreamId,
    code: LinkErrorCode,
    message: Type.String({ maxLength: 4096 }),
  },
  { additionalProperties: false },
);
export const CreditFrame = Type.Object(
  {
    type: Type.Literal('credit'),
    stream: StreamId,
    bytes: Type.Integer({ minimum: 1, maximum: MAX_FRAME_BYTES * 64 }),
  },
  { additionalProperties: false },
);
export const CancelFrame = Type.Object(
  { type: Type.Literal('cancel'), stream: StreamId },
  { additionalProperties: false },
);
export const PingFrame = Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false });
export const PongFrame = Type.Object({ type: Type.Literal('pong') }, { additionalProperties: false });

export type OpenFrame = Static<typeof OpenFrame>;
export type DataFrame = Static<typeof DataFrame>;
export type ResultFrame = Static<typeof ResultFrame>;
export type ErrorFrame = Static<typeof ErrorFrame>;
export type CreditFrame = Static<typeof CreditFrame>;
export type CancelFrame = Static<typeof CancelFrame>;
export type PingFrame = Static<typeof PingFrame>;
export type PongFrame = Static<typeof PongFrame>;

/** What CSOC may send to an agent. */
export type ServerToAgentFrame = OpenFrame | CreditFrame | CancelFrame | ErrorFrame | PingFrame | PongFrame;
/** What an agent may send to CSOC. */
export type AgentToServerFrame = DataFrame | ResultFrame | ErrorFrame | PingFrame | PongFrame;
export type LinkFrame = ServerToAgentFrame | AgentToServerFrame;

/** Frame schemas by `type`, and which direction may carry each. */
export const frameSchemas = {
  open: { schema: OpenFrame, from: 'server' },
  data: { schema: DataFrame, from: 'agent' },
  result: { schema: ResultFrame, from: 'agent' },
  error: { schema: ErrorFrame, from: 'both' },
  credit: { schema: CreditFrame, from: 'server' },
  cancel: { schema: CancelFrame, from: 'server' },
  ping: { schema: PingFrame, from: 'both' },
  pong: { schema: PongFrame, from: 'both' },
} as const;
export type LinkFrameType = keyof typeof frameSchemas;
