#!/usr/bin/env node
// `csoc-agent`: runs the agent's sources through tsx (the container image ships them; see src/main.ts).
import process from 'node:process';

const { register } = await import('tsx/esm/api');
register();
try {
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.env);
} catch (error) {
  // A configuration error names the key and the fix; print it alone, without a stack.
  console.error(`csoc-agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
