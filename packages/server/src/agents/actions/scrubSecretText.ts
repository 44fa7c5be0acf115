// Removes what looks like a secret from a cluster action's output before CSOC stores or streams it (ADR 0081).
// A run's output is scrubbed of the secret values CSOC itself handed to the plugin; a Job in a commons
// prints secrets CSOC never knew (a database URL, a token from a mounted Secret), so here the shapes are
// matched instead: private key blocks, AWS access key ids, bearer/basic credentials, JWTs, URLs with a
// password, and `key=value` / `"key": "value"` pairs whose key names a password, secret, token or key.

export const REDACTED = '[redacted]';
const REDACTED_KEY = '[redacted private key]';

/** Longest partial line held back waiting for its newline; a longer one is scrubbed and passed on as is. */
export const MAX_HELD_LINE_CHARS = 16 * 1024;

const KEY_WORDS =
  'password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|auth[_-]?key|client[_-]?secret|session[_-]?key|signature';

const LINE_PATTERNS: ReadonlyArray<[RegExp, string | ((...groups: string[]) => string)]> = [
  // scheme://user:password@host (PostgreSQL, MySQL, Redis, AMQP, HTTP basic in a URL…)
  [/\b([a-z][a-z0-9+.-]{1,30}:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/gi, `$1${REDACTED}$3`],
  // Authorization: Bearer …, Basic …
  [/\b(bearer|basic)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi, `$1$2${REDACTED}`],
  // JSON Web Tokens (a service account token, an OIDC id token)
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g, REDACTED],
  // AWS access key ids (long-lived AKIA, temporary ASIA)
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  // Well-known token prefixes: GitHub, Slack, GitLab, Google API keys
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{16,}|AIza[A-Za-z0-9_-]{30,})/g,
    REDACTED,
  ],
  // --password hunter2, --client-secret=…
  [new RegExp(`(--[a-z0-9-]*(?:${KEY_WORDS})[a-z0-9-]*)(\\s+|=)([^\\s"']{3,})`, 'gi'), `$1$2${REDACTED}`],
  // password=…, "client_secret": "…", AWS_SECRET_ACCESS_KEY: …
  [
    new RegExp(
      `([A-Za-z0-9_.-]*(?:${KEY_WORDS})[A-Za-z0-9_.-]*)(["']?\\s*[:=]\\s*["']?)([^\\s"',;&}]{3,})`,
      'gi',
    ),
    (_match: string, key: string, separator: string, value: string) =>
      value === REDACTED || value.startsWith('[redacted')
        ? `${key}${separator}${value}`
        : `${key}${separator}${REDACTED}`,
  ],
];

const BEGIN_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const END_KEY = /-----END [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * What every pattern above needs somewhere in the line (case-insensitive): most output lines have none of
 * it and are passed on after this one cheap test instead of seven scans.
 */
const ANY_HINT = new RegExp(`://|bearer|basic|eyJ|AKIA|ASIA|gh[pousr]_|xox|glpat-|AIza|${KEY_WORDS}`, 'i');

function scrubLine(line: string): string {
  if (!ANY_HINT.test(line)) return line;
  let out = line;
  for (const [pattern, replacement] of LINE_PATTERNS)
    out = out.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  return out;
}

/**
 * A scrubber for one stream of output: it passes on whole lines only (a secret cut between two chunks is
 * still recognised), and drops every line of a private key block, from its BEGIN line to its END line.
 * `flush()` at the end passes on what is held; an unterminated key block stays dropped.
 *
 * @example
 * const scrubber = createSecretScrubber();
 * store(scrubber.push('DATABASE_URL=postgres://fence:hunter2@db/fence\n')); // …fence:[redacted]@db…
 */
export function createSecretScrubber() {
  let held = '';
  let inKey = false;

  function scrubWholeLine(line: string): string {
    if (inKey) {
      const end = END_KEY.exec(line);
      if (!end) return '';
      inKey = false;
      return scrubWholeLine(line.slice(end.index + end[0].length));
    }
    const begin = BEGIN_KEY.exec(line);
    if (begin) {
      const before = scrubLine(line.slice(0, begin.index));
      const rest = line.slice(begin.index + begin[0].length);
      const end = END_KEY.exec(rest);
      if (end) return `${before}${REDACTED_KEY}${scrubWholeLine(rest.slice(end.index + end[0].length))}`;
      inKey = true;
      return `${before}${REDACTED_KEY}`;
    }
    return scrubLine(line);
  }

  /** Scrubs complete lines, keeping each line's ending; a line dropped inside a key block leaves nothing. */
  function scrubLines(text: string): string {
    let out = '';
    for (const piece of text.split(/(?<=\n)/)) {
      const ending = piece.endsWith('\n') ? '\n' : '';
      const body = ending ? piece.slice(0, -1) : piece;
      const wasInKey = inKey;
      const scrubbed = scrubWholeLine(body);
      // A line inside a key block (or its bare END line) vanishes with its newline; BEGIN keeps its own.
      if (wasInKey && scrubbed === '') continue;
      out += scrubbed + ending;
    }
    return out;
  }

  return {
    /** Takes a chunk; returns the scrubbed complete lines it finished (maybe ''). */
    push(chunk: string): string {
      held += chunk;
      const lastNewline = held.lastIndexOf('\n');
      if (lastNewline < 0) {
        if (held.length <= MAX_HELD_LINE_CHARS) return '';
        const long = held;
        held = '';
        return scrubLines(long);
      }
      const complete = held.slice(0, lastNewline + 1);
      held = held.slice(lastNewline + 1);
      return scrubLines(complete);
    },
    /** The held partial line, scrubbed; call once the stream ended. */
    flush(): string {
      const rest = held;
      held = '';
      return rest ? scrubLines(rest) : '';
    },
  };
}

/** Scrubs a whole text at once (a result message, an error). */
export function scrubSecretText(text: string): string {
  const scrubber = createSecretScrubber();
  return scrubber.push(text) + scrubber.flush();
}
