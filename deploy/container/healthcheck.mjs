// The image's HEALTHCHECK: healthy when CSOC's readiness endpoint answers 200 (the database answers and
// shutdown has not begun). Plain node, so the image needs no curl or wget.
//
//   node /opt/csoc/bin/healthcheck.mjs [URL]     # default http://127.0.0.1:$CSOC_PORT/readyz
//
// A worker serves no HTTP; compose checks it with the API's URL, which its plugins cannot run without.
/* global fetch, AbortSignal */
const url = process.argv[2] || `http://127.0.0.1:${process.env.CSOC_PORT || '8080'}/readyz`;
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!response.ok) console.error(`${url} answered ${response.status}: ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`${url} did not answer: ${error.message}`);
  process.exit(1);
}
