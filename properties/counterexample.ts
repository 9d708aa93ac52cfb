// Counterexample files (`copyspec-counterexample/1`): what `copyspec check` writes for a refuted
// cell and `copyspec replay` reads — the scenario (same format as `copyspec run`, with the
// explorer's schedule for the stack), the property, design, variant, seed and fast-check path, and
// the violation seen. Validated with zod; written atomically by the CLI.

import { z } from 'zod';
import { DESIGN_NAMES } from '../model/stack/design.js';
import { jsonSchemaField } from '../model/scenario/schema.js';

export const COUNTEREXAMPLE_FORMAT = 'copyspec-counterexample/1';

export const counterexampleSchema = z.strictObject({
  $schema: jsonSchemaField,
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
  /** A stack run cut by its step budget without repeating a state, from an inconclusive cell: no violation, only where to look. */
  verdict: z.literal('inconclusive').optional(),
  /** The step budget the stack run was judged with (`check --max-steps`), when not the default MAX_STEPS. */
  maxSteps: z.number().int().min(1).max(10_000_000).optional(),
  /** device/stack: a scenario file's content, validated by its own schema; layer: the function's input (LAYER_INPUT_SCHEMAS). */
  scenario: z.unknown().optional(),
  input: z.unknown().optional(),
});

/**
 * Layer inputs enumerate sectors one by one (the checks compare sector lists), so a replayed input
 * is held to small numbers: the generators stay far below (properties/stack/layer-properties.ts).
 */
export const LAYER_MAX_SECTORS = 1 << 16;
const sectors = z.number().int().min(0).max(LAYER_MAX_SECTORS);
const positive = sectors.min(1);
const range = z.strictObject({ sector: sectors, nr: positive });
const source = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('orig'), dev: z.string() }),
  z.strictObject({ kind: z.literal('data'), tag: z.string() }),
  z.strictObject({ kind: z.literal('unwritten') }),
  z.strictObject({ kind: z.literal('garbage'), why: z.string() }),
]);

/** LIMIT-02: a bio and the queue limits it is split to (model/block/bio.ts Bio, model/block/limits.ts QueueLimits). */
const splitInput = z
  .strictObject({
    bio: z.strictObject({
      id: z.number().int().min(0),
      op: z.enum(['read', 'write', 'copy']),
      bdev: z.string(),
      sector: sectors,
      nr: positive,
      srcs: z.array(range).max(256),
      data: z.array(z.strictObject({ len: positive, src: source, off: sectors })).max(256),
      nowait: z.boolean(),
      decrypt: z.array(z.unknown()).max(0, 'a LIMIT-02 input carries no dm-crypt layers'),
    }),
    lim: z.strictObject({
      logicalBlockSize: z.union([z.literal(512), z.literal(4096)]),
      maxSectors: positive,
      nowait: z.boolean(),
      chunkSectors: sectors,
      zoned: z.boolean(),
      zoneCapSectors: sectors,
      maxCopySectors: sectors,
      maxCopySrcSegments: z.number().int().min(0).max(256),
      maxCopySegmentSectors: sectors,
      copySrcBoundary: sectors,
    }),
  })
  .superRefine(({ bio, lim }, ctx) => {
    const total = bio.nr + bio.srcs.reduce((n, r) => n + r.nr, 0) + bio.data.reduce((n, r) => n + r.len, 0);
    if (total > LAYER_MAX_SECTORS) ctx.addIssue({ code: 'custom', path: ['bio'], message: `${total} sectors in all; a layer input has at most ${LAYER_MAX_SECTORS}` });
    const k = lim.logicalBlockSize / 512;
    for (const f of ['maxSectors', 'chunkSectors', 'maxCopySectors', 'maxCopySegmentSectors', 'copySrcBoundary'] as const) {
      if (lim[f] % k) ctx.addIssue({ code: 'custom', path: ['lim', f], message: `${lim[f]} is not a multiple of the ${lim.logicalBlockSize}-byte logical block (blk_validate_limits)` });
    }
  });

/** DATA-03: a dm-linear table and a read on it (model/dm/table.ts). */
const linearInput = z
  .strictObject({
    table: z.strictObject({
      name: z.string(),
      targets: z.array(z.strictObject({ type: z.literal('linear'), start: sectors, len: positive, dev: z.string(), offset: sectors })).min(1).max(64),
    }),
    from: sectors,
    nr: positive,
  })
  .superRefine(({ table, from, nr }, ctx) => {
    let at = 0;
    table.targets.forEach((t, i) => {
      if (t.start !== at) ctx.addIssue({ code: 'custom', path: ['table', 'targets', i, 'start'], message: `target starts at ${t.start}, expected ${at} (targets are contiguous from 0)` });
      at = t.start + t.len;
    });
    if (from + nr > at) ctx.addIssue({ code: 'custom', path: ['nr'], message: `the read ${from}+${nr} passes the table's end, sector ${at}` });
  });

/** ERR-03: the Source Range entries of each request combined into one Copy, and the failing entry (CQE Dword 0). */
const attributionInput = z
  .strictObject({ entries: z.array(z.number().int().min(1).max(256)).min(1).max(256), dw0: z.number().int().min(0).max(255) })
  .superRefine(({ entries, dw0 }, ctx) => {
    const n = entries.reduce((a, b) => a + b, 0);
    // NR is 8-bit, 0's based (NVMCS 1.0 Copy CDW12): one command has at most 256 Source Range entries.
    if (n > 256) ctx.addIssue({ code: 'custom', path: ['entries'], message: `${n} Source Range entries in one Copy; NR allows at most 256` });
    else if (dw0 >= n) ctx.addIssue({ code: 'custom', path: ['dw0'], message: `Dword 0 = ${dw0} names no entry of a ${n}-entry Copy` });
  });

/** The input schema of every layer property, by ID: a replayed input is validated before its check runs. */
export const LAYER_INPUT_SCHEMAS: Readonly<Record<string, z.ZodType>> = { 'LIMIT-02': splitInput, 'DATA-03': linearInput, 'ERR-03': attributionInput };

export type Counterexample = z.output<typeof counterexampleSchema>;
