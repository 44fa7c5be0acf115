#!/usr/bin/env node
// `csoc-server [serve | rotate-master-key | help]`: runs the TypeScript sources through tsx (ADR 0001).
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runServerCommand } = await import('../src/cli/serverCommands.ts');
const exitCode = await runServerCommand(process.argv.slice(2));
if (exitCode !== undefined) process.exitCode = exitCode;
