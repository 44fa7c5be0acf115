// Writes to a streamed response and resolves once the client can take more: waiting for 'drain' is the
// back-pressure, so a client that stops reading gets no more credit (a followed log, a forwarded answer).
import type { Writable } from 'node:stream';

/** Writes `text`; resolves at once when the stream takes it or is gone, else at its 'drain' or 'close'. */
export function writeWithBackPressure(out: Writable, text: string): Promise<void> {
  return new Promise<void>((resolve) => {
    if (out.destroyed || out.write(text)) return resolve();
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
