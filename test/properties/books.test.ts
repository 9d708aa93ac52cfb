// Issue 11: the bookkeeping invariants of properties/stack/books.ts, each refuting its known-bad
// variant, holding where the books are kept, and refuting what a posted design really breaks.
import { describe, expect, it } from 'vitest';
import { checkStackProperty } from '../../properties/check-stack.js';
import { expectedVerdict } from '../../properties/designs.js';
import { MODEL_04, MODEL_05, MODEL_06 } from '../../properties/stack/books.js';

// The ci profile's count for a stack cell (200): what `copyspec check` runs, so the test and the matrix agree.
const p = { seed: 1, runs: 200 };

describe('bookkeeping invariants (books.ts)', () => {
  it('MODEL-04 (a copy request is as long as its bios and sources) refutes copy-merge-forgets-length, holds on vectored-bio+fix', () => {
    expect(checkStackProperty(MODEL_04, ['copy-merge-forgets-length'], p, 'vectored-bio+fix').verdict).toBe('refuted');
    expect(checkStackProperty(MODEL_04, [], p, 'vectored-bio+fix').verdict).toBe('holds');
  });
  it('MODEL-04 is declared refuted on copy-ctx as posted (D8: a lone COPY_DST request without sources), and refutes it', () => {
    expect(expectedVerdict('copy-ctx', 'MODEL-04')).toBe('refuted');
    const v = checkStackProperty(MODEL_04, [], p, 'copy-ctx');
    expect(v.verdict === 'refuted' ? v.violation : 'holds').toMatch(/its sources add up to 0/);
  });
  it('MODEL-05 (tags within depth, each owned once) refutes tag-ignores-depth and tag-leak-on-error', () => {
    expect(checkStackProperty(MODEL_05, ['tag-ignores-depth'], p, 'vectored-bio+fix').verdict).toBe('refuted');
    expect(checkStackProperty(MODEL_05, ['tag-leak-on-error'], p, 'vectored-bio+fix').verdict).toBe('refuted');
    expect(checkStackProperty(MODEL_05, [], p, 'multi-bio-plug').verdict).toBe('holds');
  });
  it('MODEL-06 (plug books) refutes plug-forgets-multiple-queues, holds on emulation', () => {
    const v = checkStackProperty(MODEL_06, ['plug-forgets-multiple-queues'], p, 'vectored-bio+fix');
    expect(v.verdict === 'refuted' ? v.violation : 'holds').toMatch(/multiple_queues is not set/);
    expect(checkStackProperty(MODEL_06, [], p, 'emulation').verdict).toBe('holds');
  });
});
