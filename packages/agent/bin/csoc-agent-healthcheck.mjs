#!/usr/bin/env node
// csoc-agent's health check (the image's HEALTHCHECK, or a Kubernetes exec probe). Plain node, no shell
// tools. The agent serves no port, so it reads the status file the agent rewrites every 10 s
// (src/agentStatusFile.ts; CSOC_AGENT_STATUS_FILE, default /tmp/csoc-agent-status.json):
//
//   csoc-agent-healthcheck.mjs              # alive: the file was written in the last 45 s
//   csoc-agent-healthcheck.mjs --connected  # and the link to CSOC is up (ready, not merely running)
//
// Liveness alone restarts a stuck agent without restarting one that merely waits for CSOC to come back.
import fs from 'node:fs';
import process from 'node:process';

const file = process.env.CSOC_AGENT_STATUS_FILE || '/tmp/csoc-agent-status.json';
const maxAgeMs = 45_000;
let status;
try {
  status = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  console.error(`csoc-agent is not running: ${file} cannot be read (${error.code ?? error.message})`);
  process.exit(1);
}
const ageMs = Date.now() - Date.parse(status.at);
if (!(ageMs <= maxAgeMs)) {
  console.error(`csoc-agent is stuck: its status was last written ${Math.round(ageMs / 1000)} s ago`);
  process.exit(1);
}
if (process.argv.includes('--connected') && status.state !== 'connected') {
  console.error(`csoc-agent is running but not connected to CSOC (link ${status.state})`);
  process.exit(1);
}
console.log(`csoc-agent ${status.state}`);
