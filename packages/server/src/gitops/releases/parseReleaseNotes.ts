// Reads a Gen3 core release notes file (cdis-manifest notes/YYYY.MM.md) into the parts an operator acts on:
// the "Deployment Changes" and "Breaking Changes" lists of each component, and the release highlights.

/** One list item of a "Deployment Changes" or "Breaking Changes" section, markdown kept as written. */
export interface ReleaseNoteItem {
  /** The `## ` heading the item sits under, e.g. `uc-cdis/fence`. */
  component: string;
  text: string;
}

/** One subsection of "Release Highlights and Announcements" (title and markdown body). */
export interface ReleaseHighlight {
  title: string;
  text: string;
}

export interface ParsedReleaseNotes {
  /** The `# ` title line, e.g. `Core Gen3 Release 2025.06 (Covellite)`. */
  title: string;
  /** Every `## uc-cdis/<repo>` component the notes cover, in file order. */
  components: string[];
  deploymentChanges: ReleaseNoteItem[];
  breakingChanges: ReleaseNoteItem[];
  highlights: ReleaseHighlight[];
}

const BULLET = /^(\s*)[-*]\s+(.*)$/;

/**
 * Parses release notes markdown. Continuation lines of a list item are joined with single spaces; nested
 * bullets become items of their own. Headings are matched case-insensitively.
 */
export function parseReleaseNotes(markdown: string): ParsedReleaseNotes {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const result: ParsedReleaseNotes = {
    title: '',
    components: [],
    deploymentChanges: [],
    breakingChanges: [],
    highlights: [],
  };
  let component = '';
  let inHighlights = false;
  let section: 'deployment' | 'breaking' | 'other' = 'other';
  let item: ReleaseNoteItem | undefined;
  let highlight: { title: string; lines: string[] } | undefined;

  const closeItem = () => {
    if (item && item.text) {
      (section === 'deployment' ? result.deploymentChanges : result.breakingChanges).push(item);
    }
    item = undefined;
  };
  const closeHighlight = () => {
    if (highlight) {
      const text = trimBlankLines(highlight.lines).join('\n');
      result.highlights.push({ title: highlight.title, text });
    }
    highlight = undefined;
  };

  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*?)\s*$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      const title = heading[2]!;
      closeItem();
      closeHighlight();
      if (level === 1) {
        result.title ||= title;
        continue;
      }
      if (level === 2) {
        inHighlights = /^release highlights/i.test(title);
        component = inHighlights ? '' : title;
        if (!inHighlights && title) result.components.push(title);
        section = 'other';
        continue;
      }
      if (inHighlights) {
        highlight = { title, lines: [] };
        section = 'other';
        continue;
      }
      const name = title.toLowerCase();
      section =
        name === 'deployment changes' ? 'deployment' : name === 'breaking changes' ? 'breaking' : 'other';
      continue;
    }
    if (highlight) {
      highlight.lines.push(line.trimEnd());
      continue;
    }
    if (section === 'other' || !component) continue;
    const bullet = BULLET.exec(line);
    if (bullet) {
      closeItem();
      item = { component, text: bullet[2]!.trim() };
    } else if (item && line.trim() !== '') {
      item.text = `${item.text} ${line.trim()}`;
    } else if (line.trim() === '') {
      closeItem();
    }
  }
  closeItem();
  closeHighlight();
  return result;
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end);
}
