// What every copyspec property carries (DESIGN.md §4): a stable ID that is never renumbered, a
// statement, the layers it constrains, its sources, and the known-bad variants it must refute.

import type fc from 'fast-check';
import type { DeviceBug } from '../model/device/nvme/bugs.js';
import type { StackBug } from '../model/block/bugs.js';
import type { StackTrace } from './stack/trace.js';
import type { DeviceTrace } from './device/trace.js';

export type PropertyFamily = 'DATA' | 'LIMIT' | 'ZONE' | 'CMPL' | 'ERR' | 'LIVE' | 'MODEL';

export type Layer = 'device' | 'driver' | 'blk-mq' | 'zoned' | 'dm' | 'plug' | 'bio';

export type PropertyMeta<B extends string = DeviceBug> = {
  /** `FAMILY-NN`, stable forever; a retired property keeps its ID. */
  readonly id: string;
  readonly title: string;
  readonly statement: string;
  readonly layers: readonly Layer[];
  readonly sources: readonly string[];
  /** Known-bad variants this property must refute within the ci profile (a test asserts it). */
  readonly refutes: readonly B[];
};

/** A property over device traces: returns a one-line description of the first violation, or null. */
export type DeviceProperty = PropertyMeta & { readonly check: (trace: DeviceTrace) => string | null };

/** A property over traces of the composed host stack (properties/stack). */
export type StackProperty = PropertyMeta<StackBug> & {
  readonly check: (trace: StackTrace) => string | null;
  /** The trace puts the property to the test (its subject occurred); never true in a run = vacuous. */
  readonly precondition: (trace: StackTrace) => boolean;
};

/**
 * A property of one layer's pure function, checked on its own generated inputs (e.g. the bio split,
 * the dm-linear map): `check` returns the first violation for one input, or null.
 */
export type LayerProperty<I = unknown> = PropertyMeta<StackBug> & {
  readonly input: fc.Arbitrary<I>;
  readonly check: (input: I, bugs: readonly StackBug[]) => string | null;
};
