// Resuming an action's output from a Last-Event-ID (a byte offset): the reader gets exactly what came after
// it, or — when that part is no longer kept — what is kept, told that the older part was trimmed.
import { describe, expect, it } from 'vitest';
import { outputAfter } from './streamActionEvents.ts';

describe('outputAfter', () => {
  it('returns what came after the offset, whole characters included', () => {
    // 12 bytes ever written, all kept: "héllo world" (é is 2 bytes).
    expect(outputAfter('héllo world', 12, 0)).toEqual({ text: 'héllo world', trimmed: false });
    expect(outputAfter('héllo world', 12, 7)).toEqual({ text: 'world', trimmed: false });
    expect(outputAfter('héllo world', 12, 12)).toEqual({ text: '', trimmed: false });
  });

  it('says the older output was trimmed when the offset is before what is kept', () => {
    // 100 bytes ever written; only the last 5 ("world") are kept.
    expect(outputAfter('world', 100, 10)).toEqual({ text: 'world', trimmed: true });
    expect(outputAfter('world', 100, 97)).toEqual({ text: 'rld', trimmed: false });
  });
});
