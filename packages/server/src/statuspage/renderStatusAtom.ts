// The public status page's incidents as an Atom feed (RFC 4287): one entry per incident, updated at its
// latest change, with the operators' updates as its content. Entry ids are tag URIs made of the public
// address and the incident's start, so no internal id is published.
import type { PublicStatus } from './buildPublicStatus.ts';
import { escapeHtml } from './renderStatusHtml.ts';

const escapeXml = escapeHtml;

export interface AtomFeedOptions {
  /** The public page (the feed's alternate link). */
  pageUrl: string;
  feedUrl: string;
  /** A stable base for entry ids: tag:<host>,<year>:status/<org>/<commons>. */
  tagBase: string;
  /** When the page was first published: the feed's updated time when there is no incident. */
  fallbackUpdated: string;
}

export function renderStatusAtom(status: PublicStatus, options: AtomFeedOptions): string {
  const entries = status.incidents.map((incident) => {
    const times = [
      incident.startedAt,
      incident.endedAt ?? '',
      ...incident.updates.map((update) => update.postedAt),
    ];
    const updated = times.filter(Boolean).sort().at(-1)!;
    const lines = [
      `${incident.title}: started ${incident.startedAt}, ${incident.endedAt ? `ended ${incident.endedAt}` : 'ongoing'}.`,
      ...incident.updates.map((update) => `${update.postedAt} ${update.status}: ${update.message}`),
    ];
    return `  <entry>
    <id>${escapeXml(`${options.tagBase}/incident/${incident.startedAt}/${incident.affected}`)}</id>
    <title>${escapeXml(incident.title)}</title>
    <updated>${escapeXml(updated)}</updated>
    <published>${escapeXml(incident.startedAt)}</published>
    <link rel="alternate" href="${escapeXml(options.pageUrl)}"/>
    <content type="text">${escapeXml(lines.join('\n'))}</content>
  </entry>`;
  });
  const updated =
    status.incidents
      .flatMap((incident) => [
        incident.startedAt,
        incident.endedAt ?? '',
        ...incident.updates.map((u) => u.postedAt),
      ])
      .filter(Boolean)
      .sort()
      .at(-1) ?? options.fallbackUpdated;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(options.tagBase)}</id>
  <title>${escapeXml(`${status.title} status`)}</title>
  <updated>${escapeXml(updated)}</updated>
  <author><name>${escapeXml(status.title)}</name></author>
  <link rel="self" href="${escapeXml(options.feedUrl)}"/>
  <link rel="alternate" href="${escapeXml(options.pageUrl)}"/>
${entries.join('\n')}
</feed>
`;
}
