import { describe, expect, it } from 'vitest';
import { shortId } from './shortId.ts';

describe('shortId', () => {
  it('shows the random end of a UUIDv7, so runs created in the same minute still differ', () => {
    const first = '01936b1c-2f00-7000-8000-00000000a1b2';
    const second = '01936b1c-2f00-7000-8000-00000000c3d4';
    expect(shortId(first)).toBe('…0000a1b2');
    expect(shortId(first)).not.toBe(shortId(second));
  });
});
