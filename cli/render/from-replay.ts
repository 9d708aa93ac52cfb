// A replayed counterexample (cli/replay.ts) as a Diagram: one arrow per replay step, a note per
// effect, and the verdict as the last note across every participant.

import type { Replayed } from '../replay.js';
import { verdictLine } from '../replay.js';
import type { Diagram, DiagramItem } from './diagram.js';

/** `LIMIT-03 on copy-ctx`, `ZONE-01 (variant copy-wp-not-advanced)`: what the diagram shows. */
export const counterexampleTitle = (r: Replayed): string =>
  `${r.cx.property}${r.cx.design ? ` on ${r.cx.design}` : ''}${r.cx.variant ? ` (variant ${r.cx.variant})` : ''}`;

export const diagramOf = (r: Replayed): Diagram => {
  const all = [r.participants[0]!, r.participants.at(-1)!];
  const items: DiagramItem[] = [];
  for (const l of r.lines) {
    if (l.arrow) items.push({ kind: 'arrow', step: l.step, from: l.arrow.from, to: l.arrow.to, text: l.action });
    else items.push({ kind: 'note', over: all, text: `step ${l.step}: ${l.action}`, tone: 'violation' });
    l.effect.forEach((e, i) => items.push({ kind: 'note', over: l.arrow ? (l.over[i] ?? all) : all, text: e, tone: l.arrow ? 'effect' : 'violation' }));
  }
  items.push({ kind: 'note', over: all, text: verdictLine(r), tone: r.violation ? 'violation' : 'holds' });
  return { title: counterexampleTitle(r), participants: r.participants, items };
};
