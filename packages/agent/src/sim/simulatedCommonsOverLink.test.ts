// The simulated commons reached the way CSOC reaches a real one: frames over a WebSocket to the agent's
// real link end (serveLinkConnection), which calls the real Kubernetes handlers, which call the simulated
// cluster's API over HTTP. The test plays CSOC's side of the protocol with the shared frame codec.
import type { AddressInfo } from 'node:net';
import {
  decodeAgentFrame,
  encodeFrame,
  type AgentToServerFrame,
  type ServerToAgentFrame,
} from '@csoc/common/agent-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { serveLinkConnection } from '../link/serveLinkConnection.ts';
import { waitFor } from '../testing/collectingContext.ts';
import { startSimulatedCommonsCluster } from './startSimulatedCommonsCluster.ts';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** CSOC's end of one link, reduced to what the test needs: open streams, grant credit, cancel, read frames. */
async function linkTo(handlers: Parameters<typeof serveLinkConnection>[1]) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  await new Promise((resolve) => server.once('listening', resolve));
  const agentSocket = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise((resolve) => agentSocket.once('open', resolve));
  const serving = serveLinkConnection(agentSocket, handlers);
  const csoc = await accepted;
  closers.push(async () => {
    agentSocket.close();
    await serving;
  });
  const frames: AgentToServerFrame[] = [];
  csoc.on('message', (message: Buffer) => {
    const decoded = decodeAgentFrame(new Uint8Array(message));
    if (!decoded.ok) throw new Error(`the agent sent a bad frame: ${decoded.reason}`);
    frames.push(decoded.frame);
  });
  let nextStream = 1;
  return {
    frames,
    send: (frame: ServerToAgentFrame) => csoc.send(encodeFrame(frame)),
    open(kind: string, params: unknown = {}) {
      const stream = nextStream++;
      csoc.send(encodeFrame({ type: 'open', stream, kind, params }));
      return stream;
    },
    of: (stream: number) => frames.filter((frame) => 'stream' in frame && frame.stream === stream),
    text: (stream: number) =>
      frames
        .filter((frame) => frame.type === 'data' && frame.stream === stream)
        .map((frame) => (frame as { chunk: string }).chunk)
        .join(''),
    async end(stream: number) {
      await waitFor(
        () =>
          frames.some(
            (f) => 'stream' in f && f.stream === stream && (f.type === 'result' || f.type === 'error'),
          ),
        `the end of stream ${stream}`,
      );
      return frames.find(
        (f) => 'stream' in f && f.stream === stream && (f.type === 'result' || f.type === 'error'),
      )!;
    },
  };
}

describe('a simulated commons over the agent link', () => {
  it('answers lists, runs usersync and streams its output, and follows a log until CSOC cancels it', async () => {
    const commons = await startSimulatedCommonsCluster({
      namespace: 'gen3-qa',
      tickMs: 30,
      jobTicks: 3,
      workloads: [
        { service: 'fence', image: 'quay.io/cdis/fence:2025.01', replicas: 1, kind: 'Deployment' },
        { service: 'revproxy', image: 'quay.io/cdis/nginx:2025.01', replicas: 1, kind: 'Deployment' },
      ],
    });
    closers.push(commons.close);
    const link = await linkTo(commons.handlers);

    const workloads = link.open('workloads.list');
    expect(await link.end(workloads)).toMatchObject({
      type: 'result',
      result: {
        workloads: expect.arrayContaining([expect.objectContaining({ kind: 'CronJob', name: 'usersync' })]),
      },
    });

    const run = link.open('action.runJob', { template: 'usersync' });
    const created = (await link.end(run)) as { type: 'result'; result: { job: string } };
    expect(created.result.job).toMatch(/^usersync-csoc-/);
    const follow = link.open('jobs.follow', { job: created.result.job });
    expect(await link.end(follow)).toEqual({
      type: 'result',
      stream: follow,
      result: { status: 'succeeded' },
    });
    expect(link.text(follow)).toContain('usersync finished');

    await waitFor(
      () => [...commons.cluster.state.pods.values()].some((pod) => pod.service === 'revproxy' && pod.ready),
      'revproxy to be ready',
    );
    const pod = [...commons.cluster.state.pods.values()].find(
      (candidate) => candidate.service === 'revproxy',
    )!;
    const logs = link.open('logs.stream', { pod: pod.name, follow: true });
    await waitFor(() => link.text(logs).split('\n').length > 3, 'log lines to arrive as they are written');
    link.send({ type: 'cancel', stream: logs });
    await waitFor(() => pod.followers.size === 0, 'the agent to close its log request to the cluster');

    const refused = link.open('action.restart', { deployment: 'no-such-service' });
    expect(await link.end(refused)).toMatchObject({
      type: 'error',
      code: 'not_found',
      message: expect.stringContaining('gen3-qa'),
    });
  });
});
