// A Diagram as Mermaid `sequenceDiagram` text, to paste into a mail, an issue or a pull request
// (GitHub and GitLab render it in Markdown inside a ```mermaid fence).
//
// Mermaid's sequence grammar (packages/mermaid/src/diagrams/sequence/parser/sequenceDiagram.jison)
// ends a message at `;`, `#` or a newline, and reads `#name;` / `#NN;` as an entity code; its
// text goes through HTML sanitising, where `<` may start a tag and `&` an entity. So those four
// characters are written as entity codes (`#59;` for `;`), which Mermaid turns back into the
// character; `>` (as in `ctx->status`, `NR 1 > MSRC 0`) stays as it is, readable in a mail. Participants get plain ids (p0, p1, …) and the name as an
// alias, so a device or layer name (`blk-mq`) can never be read as an arrow.

import { spanOf, wrapText, type Diagram } from './diagram.js';

/** Characters Mermaid cannot take literally in a message, note, alias or title, as entity codes. */
export const escapeMermaid = (text: string): string =>
  text.replace(/[#;<&]|[\u0000-\u001f\u007f]/g, (c) => (c < ' ' || c === '\u007f' ? ' ' : `#${c.codePointAt(0)};`));

/** Long text is broken with `<br/>` (Mermaid's line break) so a diagram stays about mail width. */
const text = (t: string, width: number): string => wrapText(t, width).map(escapeMermaid).join('<br/>');

/** Mermaid text of `d`: one line per participant, arrow and note; every replay step numbered (autonumber). */
export const mermaidOf = (d: Diagram): string => {
  const id = new Map(d.participants.map((p, i) => [p, `p${i}`]));
  const ref = (p: string): string => id.get(p) ?? 'p0';
  const lines = ['sequenceDiagram', `  title ${escapeMermaid(d.title)}`, '  autonumber'];
  for (const p of d.participants) lines.push(`  participant ${ref(p)} as ${escapeMermaid(p)}`);
  for (const it of d.items) {
    if (it.kind === 'arrow') lines.push(`  ${ref(it.from)}->>${ref(it.to)}: ${text(it.text, 60)}`);
    else {
      const [a, b] = spanOf(d, it.over);
      const span = a === b ? `p${a}` : `p${a},p${b}`;
      lines.push(`  Note over ${span}: ${it.tone === 'violation' ? '✗ ' : ''}${text(it.text, 72)}`);
    }
  }
  return lines.join('\n');
};
