// Reads the commands of README.md's "A short tour" exactly as a reader would type them, for the test
// that runs the tour against `npm start`.

/**
 * The shell commands of the first ```sh block under `## A short tour`: one entry per command, comment
 * lines dropped, a here-document kept whole with its command (`cat > alpha.yaml <<'YAML'` … `YAML`).
 * Commands are returned verbatim (trailing `# comments` included): a shell runs them as written.
 */
export function readmeTourCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('A short tour'));
  if (!section) throw new Error('README.md has no "## A short tour" section');
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section)?.[1];
  if (!block) throw new Error('the "A short tour" section of README.md has no ```sh block');
  const commands: string[] = [];
  const lines = block.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const hereDocument = /<<-?\s*(['"]?)(\w+)\1/.exec(line);
    if (!hereDocument) {
      commands.push(line);
      continue;
    }
    const end = lines.indexOf(hereDocument[2]!, index + 1);
    if (end < 0) throw new Error(`the here-document of "${line}" in README.md's tour never ends`);
    commands.push(lines.slice(index, end + 1).join('\n'));
    index = end;
  }
  return commands;
}
