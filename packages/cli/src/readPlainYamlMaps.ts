// A fast reader for the YAML the CLI writes itself: nested maps of plain strings, two spaces an indent,
// which is what YAML.stringify makes of the config of nearly every user. Every command reads the config,
// and the yaml library's first parse was about 7% of the CPU of `csoc commons list` (ADR 0045). Anything
// beyond that strict subset (quotes, comments, lists, flow maps, numbers, booleans, null, duplicates, a
// hand edit) is left to the yaml library: this reader answers undefined rather than guess.

export type PlainYamlMap = { [key: string]: string | PlainYamlMap };

// A plain scalar that is a string in YAML's core schema whatever its content: it starts with a letter,
// digit or underscore (no indicator), and has no space, quote or `#`. A key ends at the first `:` that
// ends the line or is followed by a space (`admin@host:8080:` is the key `admin@host:8080`).
const PLAIN = '[A-Za-z0-9_][^\\s#\'"]*';
const LINE = new RegExp(`^( *)(${PLAIN}?):(?: (${PLAIN}))?$`);

// Plain scalars the core schema resolves to something other than a string.
const NOT_A_STRING =
  /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;

/** The maps in `text`, or undefined when it is not in the subset this reader is sure about. */
export function readPlainYamlMaps(text: string): PlainYamlMap | undefined {
  const root: PlainYamlMap = {};
  // The maps still open, innermost last, with the indent of their keys.
  const open: { indent: number; map: PlainYamlMap }[] = [{ indent: 0, map: root }];
  let awaitingChild: { indent: number; key: string } | undefined;
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) return undefined;
    const indent = match[1]!.length;
    const key = match[2]!;
    const value = match[3];
    // `a::` is ambiguous to a reader; `__proto__` would not be an own key of a plain object.
    if (key.endsWith(':') || key === '__proto__') return undefined;
    if (awaitingChild) {
      // A `key:` line opens a map, whose keys must sit exactly one indent deeper.
      if (indent !== awaitingChild.indent + 2) return undefined;
      const parent = open.at(-1)!.map;
      const child: PlainYamlMap = {};
      parent[awaitingChild.key] = child;
      open.push({ indent, map: child });
      awaitingChild = undefined;
    } else {
      while (open.length > 1 && indent < open.at(-1)!.indent) open.pop();
      if (indent !== open.at(-1)!.indent) return undefined;
    }
    const map = open.at(-1)!.map;
    if (Object.hasOwn(map, key)) return undefined;
    if (value === undefined) awaitingChild = { indent, key };
    else if (NOT_A_STRING.test(value)) return undefined;
    else map[key] = value;
  }
  // A trailing `key:` has a null value; an empty file is an empty document. The yaml library decides both.
  if (awaitingChild || lines.length === 0 || text.trim() === '') return undefined;
  return root;
}
