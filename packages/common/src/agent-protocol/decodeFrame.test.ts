import { describe, expect, it } from 'vitest';
import { decodeAgentFrame, decodeServerFrame, encodeFrame } from './decodeFrame.ts';
import { LINK_CLOSE_CODES, MAX_FRAME_BYTES } from './limits.ts';
import { checkRequestParams, checkRequestResult } from './checkRequest.ts';

describe('decoding link frames', () => {
  it('accepts a well-formed frame from the side that may send it', () => {
    const open = decodeServerFrame(encodeFrame({ type: 'open', stream: 1, kind: 'pods.list', params: {} }));
    expect(open).toEqual({ ok: true, frame: { type: 'open', stream: 1, kind: 'pods.list', params: {} } });
    const data = decodeAgentFrame(new TextEncoder().encode('{"type":"data","stream":3,"chunk":"line\\n"}'));
    expect(data.ok).toBe(true);
  });

  it('refuses text that is not JSON with 1003', () => {
    expect(decodeAgentFrame('not json{')).toMatchObject({
      ok: false,
      closeCode: LINK_CLOSE_CODES.unsupportedData,
      reason: 'frame is not JSON',
    });
  });

  it('refuses a frame over 256 KiB with 1009 and its size', () => {
    const huge = JSON.stringify({ type: 'data', stream: 1, chunk: 'x'.repeat(MAX_FRAME_BYTES) });
    const refused = decodeAgentFrame(huge);
    expect(refused).toMatchObject({ ok: false, closeCode: LINK_CLOSE_CODES.messageTooBig });
    expect(!refused.ok && refused.reason).toMatch(/exceeds the limit of 262144/);
  });

  it('refuses unknown frame types, unknown request kinds and malformed fields with 1008 and a reason', () => {
    expect(decodeAgentFrame('{"type":"exec","cmd":"rm -rf /"}')).toMatchObject({
      ok: false,
      closeCode: 1008,
      reason: 'unknown frame type "exec"',
    });
    expect(decodeServerFrame('{"type":"open","stream":1,"kind":"shell.exec","params":{}}')).toMatchObject({
      ok: false,
      reason: 'unknown request kind "shell.exec"',
    });
    const badStream = decodeAgentFrame('{"type":"result","stream":0,"result":{}}');
    expect(!badStream.ok && badStream.reason).toMatch(/invalid result frame: \/stream/);
  });

  it('refuses a frame from the wrong direction (an agent may not open requests)', () => {
    expect(decodeAgentFrame('{"type":"open","stream":1,"kind":"pods.list","params":{}}')).toMatchObject({
      ok: false,
      reason: 'a open frame may only come from the server',
    });
  });
});

describe('checking request params and results', () => {
  it('names the field that is wrong', () => {
    expect(checkRequestParams('logs.stream', { pod: 'fence-1', follow: true })).toEqual({ ok: true });
    const bad = checkRequestParams('logs.stream', { pod: 'Fence/../x', follow: true });
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.message).toMatch(/^logs.stream params \/pod/);
    expect(checkRequestParams('action.runJob', { template: 'bash' }).ok).toBe(false);
    expect(
      checkRequestResult('workloads.list', {
        workloads: [{ kind: 'Deployment', name: 'fence', ready: 1, desired: 2, images: ['fence:1'] }],
      }),
    ).toEqual({ ok: true });
  });
});
