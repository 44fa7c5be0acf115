// The image's HEALTHCHECK: healthy when CSOC's readiness endpoint answers 200 (the database answers and
// shutdown has not begun). Plain node, so the image needs no curl or wget.
/* global fetch, AbortSignal */
const port = process.env.CSOC_PORT || '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) console.error(`/readyz answered ${response.status}: ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`/readyz did not answer: ${error.message}`);
  process.exit(1);
}
