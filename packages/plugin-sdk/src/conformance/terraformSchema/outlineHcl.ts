// An outline of an HCL file: every block and argument with the line it starts on. hcl2json gives the
// content but no positions, and a checker that cannot say `file:line` is little help, so this small
// scanner walks the same text and knows only structure: strings, templates, heredocs and comments are
// skipped, expressions are skipped to the end of their line (or their closing bracket).

export interface HclOutlineItem {
  kind: 'attribute' | 'block';
  /** The argument or block type name (`dns_prefix`, `resource`, `dynamic`). */
  name: string;
  /** Block labels (`["azurerm_kubernetes_cluster", "main"]`); empty for arguments. */
  labels: string[];
  /** 1-based line of the name. */
  line: number;
  /** Items inside a block; empty for arguments. */
  children: HclOutlineItem[];
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_-]/;

/**
 * Outlines `text` (the top-level body of one .tf file). Tolerant: it never throws; syntax errors are
 * hcl2json's to report.
 *
 * @example outlineHcl('resource "a_b" "c" {\n  x = 1\n}')[0].children[0] // { kind: 'attribute', name: 'x', line: 2, ... }
 */
export function outlineHcl(text: string): HclOutlineItem[] {
  let i = 0;
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const lineAt = (index: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };

  const skipToLineEnd = (): void => {
    while (i < text.length && text[i] !== '\n') i++;
  };
  const skipBlockComment = (): void => {
    const end = text.indexOf('*/', i + 2);
    i = end < 0 ? text.length : end + 2;
  };
  /** Skips spaces and comments; with `newlines`, line breaks too. */
  const skipSpace = (newlines: boolean): void => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/')) skipToLineEnd();
      else if (c === '/' && text[i + 1] === '*') skipBlockComment();
      else return;
    }
  };
  const readIdentifier = (): string => {
    const start = i;
    while (i < text.length && IDENTIFIER_PART.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  /** i at a `"`: skips the string with its `${...}` / `%{...}` templates; returns its raw content. */
  const skipString = (): string => {
    const start = ++i;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') i += 2;
      else if (c === '"') return text.slice(start, i++);
      else if (c === '\n')
        return text.slice(start, i); // unterminated: hcl2json reports it
      else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{')
        i += 3; // escaped
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        i += 2;
        skipBracketed(1);
      } else i++;
    }
    return text.slice(start, i);
  };
  /** Skips until `depth` open brackets are closed (inside a template). */
  const skipBracketed = (depth: number): void => {
    while (i < text.length && depth > 0) {
      const c = text[i]!;
      if (c === '"') skipString();
      else if (c === '{' || c === '(' || c === '[') {
        depth++;
        i++;
      } else if (c === '}' || c === ')' || c === ']') {
        depth--;
        i++;
      } else i++;
    }
  };
  /** i at `<<`: skips the heredoc through its closing marker line. */
  const skipHeredoc = (): boolean => {
    const match = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
    if (!match) return false;
    const marker = match[1]!;
    i += match[0].length;
    while (i < text.length) {
      const end = text.indexOf('\n', i);
      const line = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      if (line.trim() === marker) break;
    }
    return true;
  };
  /** Skips an argument's expression: to the end of its line, or to a `}` closing the enclosing block. */
  const skipExpression = (): void => {
    let depth = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') skipString();
      else if (c === '<' && text[i + 1] === '<' && skipHeredoc()) {
        if (depth === 0) return;
      } else if (c === '#' || (c === '/' && text[i + 1] === '/')) skipToLineEnd();
      else if (c === '/' && text[i + 1] === '*') skipBlockComment();
      else if (c === '(' || c === '[' || c === '{') {
        depth++;
        i++;
      } else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) return;
        depth--;
        i++;
      } else if (c === '\n' && depth === 0) return;
      else i++;
    }
  };

  const parseBody = (insideBlock: boolean): HclOutlineItem[] => {
    const items: HclOutlineItem[] = [];
    while (true) {
      skipSpace(true);
      if (i >= text.length) return items;
      const c = text[i]!;
      if (c === '}') {
        i++;
        if (insideBlock) return items;
        continue;
      }
      if (!IDENTIFIER_START.test(c)) {
        skipExpression();
        if (text[i] === '}' && !insideBlock) i++;
        continue;
      }
      const line = lineAt(i);
      const name = readIdentifier();
      skipSpace(false);
      if (text[i] === '=' && text[i + 1] !== '=') {
        i++;
        skipExpression();
        items.push({ kind: 'attribute', name, labels: [], line, children: [] });
        continue;
      }
      const labels: string[] = [];
      while (i < text.length) {
        skipSpace(false);
        const next = text[i];
        if (next === '"') labels.push(skipString());
        else if (next !== undefined && IDENTIFIER_START.test(next)) labels.push(readIdentifier());
        else break;
      }
      if (text[i] === '{') {
        i++;
        items.push({ kind: 'block', name, labels, line, children: parseBody(true) });
      } else {
        skipExpression(); // not HCL we understand; hcl2json reports the syntax error
      }
    }
  };

  return parseBody(false);
}
