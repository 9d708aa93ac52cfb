// Every design meets its declared verdict on every stack property (a short run: the full ci
// profile is `npm start`), and the declared table names only known designs and properties.

import { describe, expect, it } from 'vitest';
import { DESIGN_NAMES } from '../../model/stack/design.js';
import { DECLARED, expectedVerdict } from '../../properties/designs.js';
import { STACK_PROPERTIES } from '../../properties/stack/properties.js';
import { SCSI_STACK_PROPERTIES } from '../../properties/stack/scsi-properties.js';
import { checkStackProperty } from '../../properties/check-stack.js';

describe.each(DESIGN_NAMES.filter((d) => d !== 'vectored-bio'))('design %s', (design) => {
  it.each(STACK_PROPERTIES.map((p) => [p.id, p] as const))('%s as declared', (_, p) => {
    const want = expectedVerdict(design, p.id);
    if (want === 'n/a') return;
    // A declared failure needs the search to find it: the ci profile's runs; a hold, a short run.
    const v = checkStackProperty(p, [], { seed: 1, runs: want === 'refuted' ? 200 : 40 }, design);
    expect(v.verdict === 'refuted' ? `refuted: ${v.violation}` : 'holds').toEqual(want === 'holds' ? 'holds' : expect.stringMatching(/^refuted/));
  });
});

it('declares verdicts only for known properties', () => {
  // The SCSI stack properties' verdicts (properties/stack/scsi-declared.ts) are checked in test/model/stack/sd.test.ts and by `copyspec check`.
  const ids = new Set([...STACK_PROPERTIES, ...SCSI_STACK_PROPERTIES].map((p) => p.id));
  for (const d of DESIGN_NAMES) for (const id of Object.keys(DECLARED[d])) expect(ids.has(id)).toBe(true);
});
