// The public status page as HTML: server-rendered, no script, one stylesheet inlined and allowed by its
// hash (STATUS_PAGE_CSP), no inline style attributes, so the page works under a CSP stricter than the
// portal's. Every value is escaped.
import { createHash } from 'node:crypto';
import type { PublicStatus } from './buildPublicStatus.ts';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font-family:system-ui,sans-serif;margin:0 auto;max-width:52rem;padding:1.5rem;color:#1f2933}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
.state{display:inline-block;padding:.15rem .55rem;border-radius:.3rem;font-weight:600}
.healthy{background:#d3f9d8;color:#1b5e20}.degraded{background:#fff3bf;color:#7a4b00}
.down{background:#ffe3e3;color:#8a1c1c}.unknown{background:#e9ecef;color:#343a40}
table{border-collapse:collapse;width:100%}td{padding:.4rem .25rem;border-bottom:1px solid #e9ecef}
.bars{display:flex;gap:2px;height:2rem;align-items:stretch}.bar{flex:1}
.u-full{background:#40c057}.u-high{background:#94d82d}.u-mid{background:#fab005}.u-low{background:#fa5252}
.u-none{background:#dee2e6}.muted{color:#5c6670;font-size:.9rem}
article{border-left:3px solid #dee2e6;padding:.25rem .75rem;margin:.75rem 0}
`;

/** The Content-Security-Policy the HTML page is served with: nothing but its own inline stylesheet. */
export const STATUS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STATE_LABEL = {
  healthy: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
} as const;

const percent = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(2)} %`);

function uptimeClass(uptime: number | null): string {
  if (uptime === null) return 'u-none';
  if (uptime >= 0.9999) return 'u-full';
  if (uptime >= 0.99) return 'u-high';
  if (uptime >= 0.95) return 'u-mid';
  return 'u-low';
}

export interface StatusPageLinks {
  json: string;
  feed: string;
}

export function renderStatusHtml(status: PublicStatus, links: StatusPageLinks): string {
  const title = escapeHtml(status.title);
  const groups = status.groups.length
    ? `<table>${status.groups
        .map(
          (group) =>
            `<tr><td>${escapeHtml(group.name)}</td><td><span class="state ${group.state}">${STATE_LABEL[group.state]}</span></td></tr>`,
        )
        .join('')}</table>`
    : '<p class="muted">No checks yet.</p>';
  const bars = status.uptime.days
    .map(
      (day) =>
        `<div class="bar ${uptimeClass(day.uptime)}" title="${day.day}: ${percent(day.uptime)}"></div>`,
    )
    .join('');
  const incidents = status.incidents.length
    ? status.incidents
        .map((incident) => {
          const updates = incident.updates
            .map(
              (update) =>
                `<li><strong>${escapeHtml(update.status)}</strong> <span class="muted">${escapeHtml(update.postedAt)}</span><br>${escapeHtml(update.message)}</li>`,
            )
            .join('');
          return `<article><h3>${escapeHtml(incident.title)} <span class="state ${incident.state}">${STATE_LABEL[incident.state]}</span></h3>
<p class="muted">${escapeHtml(incident.startedAt)} – ${incident.endedAt ? escapeHtml(incident.endedAt) : 'ongoing'}</p>${updates ? `<ul>${updates}</ul>` : ''}</article>`;
        })
        .join('\n')
    : '<p class="muted">No incidents in the last 90 days.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} status</title>
<link rel="alternate" type="application/atom+xml" title="${title} incidents" href="${escapeHtml(links.feed)}">
<style>${STYLE}</style></head>
<body><header><h1>${title}</h1>
<p><span class="state ${status.state}">${STATE_LABEL[status.state]}</span>
<span class="muted">${status.checkedAt ? `checked ${escapeHtml(status.checkedAt)}` : 'not checked yet'}</span></p></header>
<main><h2>Services</h2>${groups}
<h2>Uptime, last 90 days</h2><div class="bars" role="img" aria-label="daily uptime, oldest first">${bars}</div>
<p class="muted">30 days: ${percent(status.uptime.last30)} · 90 days: ${percent(status.uptime.last90)}</p>
<h2>Incidents</h2>${incidents}</main>
<footer><p class="muted"><a href="${escapeHtml(links.json)}">JSON</a> · <a href="${escapeHtml(links.feed)}">Atom feed</a></p></footer>
</body></html>
`;
}
