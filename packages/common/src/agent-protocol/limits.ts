// The numbers both ends of the csoc-agent link agree on (ADR 0065). Changing one is a protocol change:
// an agent and a CSOC that disagree would refuse each other's frames or stall each other's streams.

/** Largest frame (one WebSocket text message), in bytes; the server's `maxPayload` and the agent's too. */
export const MAX_FRAME_BYTES = 256 * 1024;
/** Most items in one page of pods.list or workloads.list (ADR 0081); the agent cuts further to fit a frame. */
export const MAX_LIST_PAGE = 500;
/** The page size when CSOC asks for none. */
export const DEFAULT_LIST_PAGE = 200;
/** Most events in one events.list answer, newest first (also cut to fit a frame). */
export const MAX_EVENTS_LISTED = 500;
/** Bytes of `data` a stream may send before CSOC grants more credit. */
export const INITIAL_STREAM_CREDIT_BYTES = 64 * 1024;
/** Largest `chunk` in one data frame, so a data frame always fits in MAX_FRAME_BYTES with its envelope. */
export const MAX_DATA_CHUNK_BYTES = 32 * 1024;
/** Open streams per agent connection; the next `open` is refused with `too_many_streams`. */
export const MAX_CONCURRENT_STREAMS = 64;
/** Either end pings this often; HEARTBEAT_MISSED_LIMIT intervals without a frame and the link is dead. */
export const HEARTBEAT_INTERVAL_MS = 20_000;
export const HEARTBEAT_MISSED_LIMIT = 3;
/** The agent's short-lived credential; it renews at two thirds of it. */
export const AGENT_CREDENTIAL_TTL_SECONDS = 15 * 60;
/** A join token is one-use and expires after this. */
export const JOIN_TOKEN_TTL_SECONDS = 24 * 60 * 60;
/** Reconnect backoff: full jitter between 0 and min(max, initial * 2^attempt). */
export const RECONNECT_INITIAL_DELAY_MS = 1_000;
export const RECONNECT_MAX_DELAY_MS = 60_000;
/** Largest stream id; CSOC numbers streams 1, 2, … per connection. */
export const MAX_STREAM_ID = 2 ** 31 - 1;

/** WebSocket close codes the link uses, so both ends (and their logs) name the same reasons. */
export const LINK_CLOSE_CODES = {
  /** A frame that is not JSON text. */
  unsupportedData: 1003,
  /** A frame that does not match the frame schema, or names an unknown kind. */
  policyViolation: 1008,
  /** A frame larger than MAX_FRAME_BYTES. */
  messageTooBig: 1009,
  /** The agent was revoked: do not reconnect with this identity. */
  revoked: 4001,
  /** Another connection of the same agent replaced this one. */
  replaced: 4002,
  /** The credential expired while connected: fetch a new one and reconnect. */
  credentialExpired: 4003,
  /** Heartbeats stopped. */
  heartbeatTimeout: 4004,
} as const;
