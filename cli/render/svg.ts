// A Diagram drawn as a self-contained SVG by copyspec itself: no browser, no fonts to fetch, no
// script, no ids (so many can sit inline in one HTML page, cli/report.ts). Monospace text makes
// every width computable here: a character is 0.6 em wide in the common monospace fonts.

import { spanOf, wrapText, type Diagram } from './diagram.js';

const FONT = 12;
const CHAR = FONT * 0.6;
const LINE = 15;
const MARGIN = 20;

/** XML text: the five special characters as references; characters XML 1.0 forbids dropped. */
export const escapeXml = (t: string): string =>
  t
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TONE = { effect: ['#fff8c5', '#d4a72c'], violation: ['#ffebe9', '#cf222e'], holds: ['#dafbe1', '#1a7f37'] } as const;

/** Lines of text from (x, y), first baseline at y + FONT; `anchor` middle centres each on x. */
const textBlock = (lines: readonly string[], x: number, y: number, anchor: 'start' | 'middle', extra = ''): string =>
  `<text x="${x}" y="${y + FONT}" text-anchor="${anchor}"${extra}>${lines.map((l, i) => `<tspan x="${x}" dy="${i ? LINE : 0}">${escapeXml(l) || ' '}</tspan>`).join('')}</text>`;

/** The SVG text of `d`: participants across the top, lifelines, then each arrow and note in order. */
export const svgOf = (d: Diagram): string => {
  // Columns wide enough for each name, and a picture at least ~70 characters wide (a device trace has two columns).
  const colW = Math.max(140, 520 / d.participants.length, ...d.participants.map((p) => p.length * CHAR + 24));
  const width = MARGIN * 2 + colW * d.participants.length;
  const cx = (i: number): number => MARGIN + colW * i + colW / 2;
  const col = (p: string): number => Math.max(0, d.participants.indexOf(p));
  const body: string[] = [];
  const titleLines = wrapText(d.title, Math.floor((width - 2 * MARGIN) / CHAR));
  body.push(textBlock(titleLines, MARGIN, 8, 'start', ' font-weight="bold"'));
  const top = 8 + titleLines.length * LINE + 10;
  d.participants.forEach((p, i) => {
    body.push(`<rect x="${cx(i) - colW / 2 + 8}" y="${top}" width="${colW - 16}" height="26" rx="4" fill="#ddf4ff" stroke="#0969da"/>`);
    body.push(textBlock([p], cx(i), top + 5, 'middle'));
  });
  let y = top + 26 + 16;
  for (const it of d.items) {
    if (it.kind === 'arrow') {
      const [a, b] = [cx(col(it.from)), cx(col(it.to))];
      const self = a === b;
      const chars = Math.max(36, Math.floor(Math.abs(b - a) / CHAR) - 2);
      const lines = wrapText(`${it.step}. ${it.text}`, chars);
      const w = Math.max(...lines.map((l) => l.length)) * CHAR;
      // Centre the label on the arrow, kept inside the picture.
      const mid = self ? a + 12 + w / 2 : Math.min(Math.max((a + b) / 2, MARGIN + w / 2), width - MARGIN - w / 2);
      body.push(textBlock(lines, mid, y, 'middle', ' stroke="#ffffff" stroke-width="3" paint-order="stroke"'));
      y += lines.length * LINE + 4;
      if (self) {
        body.push(`<path d="M${a} ${y} h28 v12 h-28" fill="none" stroke="#24292f"/>`, `<polygon points="${a},${y + 12} ${a + 7},${y + 8} ${a + 7},${y + 16}" fill="#24292f"/>`);
        y += 24;
      } else {
        const dir = b > a ? -1 : 1;
        body.push(`<line x1="${a}" y1="${y}" x2="${b}" y2="${y}" stroke="#24292f"/>`, `<polygon points="${b},${y} ${b + dir * 8},${y - 4} ${b + dir * 8},${y + 4}" fill="#24292f"/>`);
        y += 14;
      }
    } else {
      const [a, b] = spanOf(d, it.over);
      // A note over one or two columns is widened to about 50 characters, kept inside the picture.
      const w = Math.min(Math.max(cx(b) - cx(a) + colW - 12, 50 * CHAR + 12), width - 2 * MARGIN);
      const x0 = Math.max(MARGIN, Math.min(cx(a) - colW / 2 + 6, width - MARGIN - w));
      const lines = wrapText(`${it.tone === 'violation' ? '✗ ' : ''}${it.text}`, Math.max(8, Math.floor((w - 12) / CHAR)));
      const h = lines.length * LINE + 8;
      const [fill, stroke] = TONE[it.tone];
      body.push(`<rect x="${x0}" y="${y}" width="${w}" height="${h}" fill="${fill}" stroke="${stroke}"/>`, textBlock(lines, x0 + 6, y + 3, 'start'));
      y += h + 8;
    }
  }
  const height = y + MARGIN;
  const lifelines = d.participants.map((_, i) => `<line x1="${cx(i)}" y1="${top + 26}" x2="${cx(i)}" y2="${height - 8}" stroke="#8c959f" stroke-dasharray="4 3"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(d.title)}">`,
    `<title>${escapeXml(d.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<g font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="${FONT}" fill="#24292f">`,
    ...lifelines,
    ...body,
    '</g>',
    '</svg>',
  ].join('\n');
};
