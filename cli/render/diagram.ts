// A counterexample as a sequence diagram, before any syntax: the participants (the layers a copy
// travels through, then each device) and, in replay order, one arrow per replay step (the action)
// and notes for what the step caused (effects) and for the violation. cli/render/mermaid.ts and
// cli/render/svg.ts draw the same Diagram, so the pasted text and the picture cannot disagree.

/** The host stack's layers as participants, in the order a copy travels (task down to the driver). */
export const STACK_PARTICIPANTS = ['task', 'bio', 'dm', 'plug', 'blk-mq', 'zoned', 'driver'] as const;

export type DiagramItem =
  /** One replay step: `from` acts on `to` (the same participant for a step inside one layer). */
  | { readonly kind: 'arrow'; readonly step: number; readonly from: string; readonly to: string; readonly text: string }
  /** An effect of the step before, or the verdict, over one participant or a span of them. */
  | { readonly kind: 'note'; readonly over: readonly string[]; readonly text: string; readonly tone: 'effect' | 'violation' | 'holds' };

export type Diagram = {
  readonly title: string;
  /** Participant names, left to right; every arrow and note names only these. */
  readonly participants: readonly string[];
  readonly items: readonly DiagramItem[];
};

/**
 * Break `text` into lines of at most `width` characters at spaces (a word longer than `width` is
 * cut), so a long action or violation stays readable in a mail or an SVG of bounded width.
 */
export const wrapText = (text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
};

/** Columns of a note `over` participants: the leftmost and rightmost, in diagram order. */
export const spanOf = (d: Diagram, over: readonly string[]): [number, number] => {
  const idx = over.map((p) => d.participants.indexOf(p)).filter((i) => i >= 0);
  return idx.length ? [Math.min(...idx), Math.max(...idx)] : [0, d.participants.length - 1];
};
