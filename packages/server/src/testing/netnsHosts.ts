// The project's own test hosts: Linux network namespaces joined by veth pairs to one bridge in the root
// namespace, on a private /24. Each namespace is a host with its own address and loopback; the test process
// (root namespace, the bridge's address) is the client that reaches all of them. A host can run processes
// (`ip netns exec`), have them killed with -9, and be cut off the network (its link down) and brought back.
// Everything is torn down in teardown() and, should the test process die first, on exit; leftovers of
// test processes that died without either are removed by the next lab (names carry the owner's pid).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/**
 * Every name a lab makes is cnh<owner pid in base 36>-<what>: interface names are at most 15 characters,
 * and the pid tells a leftover of a dead test process from a lab in use.
 */
const PREFIX = 'cnh';

export interface NetnsHost {
  /** The namespace name (for `ip netns exec`). */
  namespace: string;
  /** The host's address on the lab's /24. */
  ip: string;
  /** The root-namespace end of its veth pair: set down to cut the host off. */
  link: string;
}

export interface HostProcess {
  host: NetnsHost;
  process: ChildProcess;
  /** Everything the process wrote on stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited (or at once if it has). */
  exited(): Promise<void>;
  /** kill -9 (or another signal) and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface NetnsLab {
  hosts: NetnsHost[];
  /** The root namespace's (the client's) address on the lab network. */
  clientIp: string;
  /** Starts `command args` inside the host's namespace. */
  start(host: NetnsHost, command: string, args: string[], env: Record<string, string>): HostProcess;
  /** Cuts the host off the network: its packets go nowhere; its connections stay open, as in a partition. */
  cut(host: NetnsHost): void;
  /** Brings a cut host back. */
  restore(host: NetnsHost): void;
  /** Kills every process the lab started, deletes the namespaces, veths and bridge. Idempotent. */
  teardown(): Promise<void>;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

function quietly(action: () => unknown): void {
  try {
    action();
  } catch {
    // Already gone.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why these tests cannot run here, or undefined when they can: they need root and a kernel that lets this
 * process make network namespaces (a container without CAP_SYS_ADMIN / NET_ADMIN refuses `ip netns add`).
 */
export function netnsUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces exist only on Linux';
  if (process.getuid?.() !== 0) return 'making network namespaces needs root (CI runs these tests as root)';
  const probe = `${PREFIX}${process.pid.toString(36)}-probe`;
  try {
    ip('netns', 'add', probe);
  } catch (error) {
    return `\`ip netns add\` was refused: ${String((error as { stderr?: string }).stderr ?? error).trim()}`;
  } finally {
    quietly(() => ip('netns', 'del', probe));
  }
  return undefined;
}

/** Removes namespaces and links of labs whose owner process is gone (a test killed before its teardown). */
export function removeLeftoverLabs(): void {
  const namespaces = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0]!)
    .filter((name) => name.startsWith(PREFIX));
  const links = ip('-o', 'link', 'show')
    .split('\n')
    .map((line) => /^\d+: ([^:@]+)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name?.startsWith(PREFIX)));
  // Names are cnh<owner pid, base 36>-<b | vN | hN | probe>.
  const ownerOf = (name: string) => /^cnh([0-9a-z]+)-/.exec(name)?.[1];
  const dead = (name: string) => {
    const owner = ownerOf(name);
    return owner !== undefined && !processAlive(parseInt(owner, 36));
  };
  for (const name of namespaces.filter(dead)) {
    // Processes of a dead test (a database, CSOC servers) would outlive their namespace's name.
    quietly(() => {
      for (const pid of ip('netns', 'pids', name).split('\n').filter(Boolean))
        process.kill(Number(pid), 'SIGKILL');
    });
    quietly(() => ip('netns', 'del', name));
  }
  for (const name of links.filter(dead)) quietly(() => ip('link', 'del', name));
}

let labsMade = 0;

/** Makes `count` hosts (at most 9) on a fresh /24 bridged to the root namespace. */
export function createNetnsLab(count: number): NetnsLab {
  if (count < 1 || count > 9) throw new Error(`a lab has 1 to 9 hosts, not ${count}`);
  removeLeftoverLabs();
  const owner = `${PREFIX}${process.pid.toString(36)}-`;
  // One /24 per lab: 10.213.X.0, X from the pid and the labs this process made, so parallel test processes
  // rarely share a subnet (and a shared one still works: each lab has its own bridge and addresses).
  const subnet = `10.213.${(process.pid + labsMade * 37) % 250}`;
  const lab = labsMade++;
  const bridge = `${owner}b${lab}`;
  const hosts: NetnsHost[] = [];
  const processes = new Set<HostProcess>();
  let tornDown = false;

  const removeAll = () => {
    for (const running of processes)
      if (running.process.exitCode === null && running.process.signalCode === null)
        quietly(() => running.process.kill('SIGKILL'));
    for (let index = 0; index < count; index++) {
      quietly(() => ip('netns', 'del', `${owner}h${lab}${index}`));
      quietly(() => ip('link', 'del', `${owner}v${lab}${index}`));
    }
    quietly(() => ip('link', 'del', bridge));
  };
  // The namespaces outlive a test process that is killed or exits without its afterAll.
  const onExit = () => removeAll();
  process.on('exit', onExit);

  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (let index = 0; index < count; index++) {
      const namespace = `${owner}h${lab}${index}`;
      const link = `${owner}v${lab}${index}`;
      const address = `${subnet}.${index + 2}`;
      ip('netns', 'add', namespace);
      ip('link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      ip('link', 'set', link, 'master', bridge);
      ip('link', 'set', link, 'up');
      ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      ip('-n', namespace, 'link', 'set', 'eth0', 'up');
      ip('-n', namespace, 'link', 'set', 'lo', 'up');
      hosts.push({ namespace, ip: address, link });
    }
  } catch (error) {
    removeAll();
    process.off('exit', onExit);
    throw error;
  }

  return {
    hosts,
    clientIp: `${subnet}.1`,
    start(host, command, args, env) {
      const child = spawn('ip', ['netns', 'exec', host.namespace, command, ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const running: HostProcess = {
        host,
        process: child,
        output: () => output,
        exited: () => exit,
        async kill(signal = 'SIGKILL') {
          // `ip netns exec` execs the command, so the pid is the command's own.
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exit;
        },
      };
      processes.add(running);
      void exit.then(() => processes.delete(running));
      return running;
    },
    cut(host) {
      ip('link', 'set', host.link, 'down');
    },
    restore(host) {
      ip('link', 'set', host.link, 'up');
    },
    async teardown() {
      if (tornDown) return;
      tornDown = true;
      await Promise.all([...processes].map((running) => running.kill()));
      removeAll();
      process.off('exit', onExit);
    },
  };
}
