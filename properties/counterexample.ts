// Counterexample files (`copyspec-counterexample/1`): what `copyspec check` writes for a refuted
// cell and `copyspec replay` reads — the scenario (same format as `copyspec run`, with the
// explorer's schedule for the stack), the property, design, variant, seed and fast-check path, and
// the violation seen. Validated with zod; written atomically by the CLI.

import { z } from 'zod';
import { DESIGN_NAMES } from '../model/stack/design.js';

export const COUNTEREXAMPLE_FORMAT = 'copyspec-counterexample/1';

export const counterexampleSchema = z.strictObject({
  format: z.literal(COUNTEREXAMPLE_FORMAT),
  /** What the property judges: a device trace, a stack trace, or one layer function's input. */
  kind: z.enum(['device', 'scsi', 'stack', 'layer']),
  property: z.string().regex(/^[A-Z]+-\d\d$/, 'a property ID is FAMILY-NN'),
  /** The stack design (null for device and layer properties, which no design changes). */
  design: z.enum(DESIGN_NAMES).nullable(),
  /** The known-bad variant the cell ran, or null for the specified model. */
  variant: z.string().nullable(),
  seed: z.number().int(),
  /** fast-check's replay path (`fc.check(…, { seed, path })`). */
  path: z.string(),
  violation: z.string(),
  /** device/stack: a scenario file's content; layer: the function's input. */
  scenario: z.unknown().optional(),
  input: z.unknown().optional(),
});

export type Counterexample = z.output<typeof counterexampleSchema>;
