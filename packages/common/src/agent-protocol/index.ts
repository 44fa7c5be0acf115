// @csoc/common/agent-protocol: the csoc-agent wire protocol (ADR 0065) — limits, frames, request kinds,
// and the decoder both ends use.
export * from './limits.ts';
export * from './frames.ts';
export * from './requestKinds.ts';
export * from './decodeFrame.ts';
export * from './checkRequest.ts';
export * from './linkApi.ts';
