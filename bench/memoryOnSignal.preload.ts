// Preloaded into the CSOC process of `npm run bench -- agents` (with --expose-gc): on SIGUSR2 it collects
// garbage and writes the process's memory use to stderr as one line, `memory {json}`. A resident set read
// from outside without a collection measures mostly when V8 last collected, not what connections hold.
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  process.stderr.write(`memory ${JSON.stringify(process.memoryUsage())}\n`);
});
