#!/usr/bin/env node
// `csoc`: the CSOC command line; runs the TypeScript sources through tsx (ADR 0001).
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/runCli.ts');
process.exitCode = await runCli(process.argv.slice(2));
