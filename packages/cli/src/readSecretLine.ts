// Reads sign-in answers: from a terminal with a prompt (the password not echoed), otherwise line by line
// from piped stdin, so `printf '%s\n' "$PASSWORD" | csoc login ...` works in scripts.
import readline from 'node:readline';
import type { Io } from './CommandContext.ts';

/** Asks on the terminal; `hidden` keeps the answer off the screen. */
function ask(io: Io, question: string, hidden: boolean): Promise<string> {
  const input = io.stdin as NodeJS.ReadStream;
  return new Promise((resolve, reject) => {
    io.stderr.write(question);
    if (!hidden) {
      const rl = readline.createInterface({ input, terminal: false });
      rl.once('line', (line) => {
        rl.close();
        resolve(line);
      });
      return;
    }
    let answer = '';
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          input.setRawMode?.(false);
          input.pause();
          input.off('data', onData);
          io.stderr.write('\n');
          resolve(answer);
          return;
        }
        if (char === '\u0003') {
          input.setRawMode?.(false);
          reject(new Error('interrupted'));
          return;
        }
        if (char === '\u007f') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    input.on('data', onData);
  });
}

/** Reads `count` lines: prompted on a terminal, else from stdin (as many as are piped). */
export async function readAnswers(
  io: Io,
  prompts: { question: string; hidden: boolean }[],
): Promise<string[]> {
  if (io.stdin.isTTY) {
    const answers: string[] = [];
    for (const prompt of prompts) answers.push(await ask(io, prompt.question, prompt.hidden));
    return answers;
  }
  const lines: string[] = [];
  const rl = readline.createInterface({ input: io.stdin, terminal: false });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === prompts.length) break;
  }
  rl.close();
  return lines;
}
