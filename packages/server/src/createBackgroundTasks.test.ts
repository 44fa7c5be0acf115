import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createBackgroundTasks } from './createBackgroundTasks.ts';

function capturedLogger() {
  const lines: Array<{ msg: string; task?: string }> = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

describe('background tasks', () => {
  it('starts tasks in order, stops them in reverse, and logs each step by name', async () => {
    const { logger, lines } = capturedLogger();
    const tasks = createBackgroundTasks(logger);
    const events: string[] = [];
    for (const name of ['first', 'second', 'third'])
      await tasks.start({
        name,
        start: () => {
          events.push(`start ${name}`);
          return async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            events.push(`stop ${name}`);
          };
        },
      });
    expect(tasks.running()).toEqual(['first', 'second', 'third']);
    await tasks.stop();
    expect(events).toEqual([
      'start first',
      'start second',
      'start third',
      'stop third',
      'stop second',
      'stop first',
    ]);
    expect(tasks.running()).toEqual([]);
    expect(lines.map((line) => `${line.msg} ${line.task}`)).toEqual([
      'background task started first',
      'background task started second',
      'background task started third',
      'background task stopped third',
      'background task stopped second',
      'background task stopped first',
    ]);
  });

  it('runs a one-shot start task once and has nothing of it to stop', async () => {
    const { logger, lines } = capturedLogger();
    const tasks = createBackgroundTasks(logger);
    let runs = 0;
    await tasks.start({ name: 'clean-up', start: async () => void runs++ });
    expect(runs).toBe(1);
    expect(tasks.running()).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(['background task ran at start']);
  });

  it('stops every task even when one fails to stop, then reports that failure', async () => {
    const { logger, lines } = capturedLogger();
    const tasks = createBackgroundTasks(logger);
    const stopped: string[] = [];
    await tasks.start({ name: 'database-user', start: () => () => void stopped.push('database-user') });
    await tasks.start({
      name: 'broken',
      start: () => () => {
        throw new Error('handle would not close');
      },
    });
    await tasks.start({ name: 'last', start: () => () => void stopped.push('last') });
    await expect(tasks.stop()).rejects.toThrow('handle would not close');
    expect(stopped).toEqual(['last', 'database-user']);
    expect(tasks.running()).toEqual([]);
    expect(lines.find((line) => line.msg === 'background task failed to stop')?.task).toBe('broken');
  });

  it('stops once however often stop is called, and starts nothing after it', async () => {
    const { logger } = capturedLogger();
    const tasks = createBackgroundTasks(logger);
    let stops = 0;
    await tasks.start({ name: 'loop', start: () => () => void stops++ });
    await Promise.all([tasks.stop(), tasks.stop()]);
    await tasks.stop();
    expect(stops).toBe(1);
    let started = false;
    await expect(tasks.start({ name: 'late', start: () => void (started = true) })).rejects.toThrow(
      '"late" cannot start: this CSOC process is shutting down',
    );
    expect(started).toBe(false);
  });

  it('stops a task whose start finished after shutdown began, instead of leaving it running', async () => {
    const { logger } = capturedLogger();
    const tasks = createBackgroundTasks(logger);
    let finishStart!: () => void;
    let stopped = false;
    const starting = tasks.start({
      name: 'slow-start',
      start: async () => {
        await new Promise<void>((resolve) => (finishStart = resolve));
        return () => void (stopped = true);
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = tasks.stop();
    finishStart();
    await expect(starting).rejects.toThrow('"slow-start" was stopped');
    await stopping;
    expect(stopped).toBe(true);
    expect(tasks.running()).toEqual([]);
  });
});
