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
