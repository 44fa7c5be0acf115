// `csoc-agent` as a command: runs main() with the process environment and sets the exit code. The entry
// of both bin/csoc-agent.mjs (sources through tsx) and the image's bundle (deploy/container/bundleAgent.mjs).
import { main } from './main.ts';

try {
  process.exitCode = await main(process.env);
} catch (error) {
  // A configuration error names the key and the fix; print it alone, without a stack.
  console.error(`csoc-agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
