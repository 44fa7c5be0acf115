// Wakes the workers in this process as soon as a run becomes runnable (created, approved), instead of at
// their next poll. Workers in other processes still find the run at their next poll.
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();
emitter.setMaxListeners(100);

export function signalRunnable(): void {
  emitter.emit('runnable');
}

export function onRunnable(listener: () => void): () => void {
  emitter.on('runnable', listener);
  return () => emitter.off('runnable', listener);
}

/** Tells the workers in this process that someone asked to cancel a run (others see it at a heartbeat). */
export function signalCancel(runId: string): void {
  emitter.emit('cancel', runId);
}

export function onCancel(listener: (runId: string) => void): () => void {
  emitter.on('cancel', listener);
  return () => emitter.off('cancel', listener);
}

const outputs = new EventEmitter();
// One listener per open live-output stream of a run: any number of browser tabs may follow one run.
outputs.setMaxListeners(0);

/** Tells this process's live output streams of a run that it has a new record (others poll every 250 ms). */
export function signalRunOutput(runId: string): void {
  outputs.emit(runId);
}

/**
 * Resolves at the run's next output record in this process, or after `timeoutMs`. Register it before
 * reading, so that a record written between the read and the wait is not missed; `cancel` when not awaited.
 */
export function nextRunOutput(runId: string, timeoutMs: number): { wait: Promise<void>; cancel(): void } {
  let finish!: () => void;
  const wait = new Promise<void>((resolve) => (finish = resolve));
  const timer = setTimeout(() => done(), timeoutMs);
  const done = (): void => {
    clearTimeout(timer);
    outputs.off(runId, done);
    finish();
  };
  outputs.once(runId, done);
  return { wait, cancel: done };
}
