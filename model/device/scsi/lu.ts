// State of one SCSI logical unit and its copy manager, and its initial value.

import { uniformMap, writeRuns, type ExtentMap } from '../../content/extent-map.js';
import type { Run } from '../../content/token.js';
import type { ScsiBug } from './bugs.js';
import type { ScsiRange } from './command.js';
import { scsiSectorsPerBlock, type ScsiLuConfig } from './config.js';
import type { ScsiSense } from './sense.js';

/**
 * Zone conditions (ZBC-2 REPORT ZONES ZONE CONDITION): NOT WRITE POINTER 0h (conventional zones),
 * EMPTY 1h, IMPLICITLY OPENED 2h, EXPLICITLY OPENED 3h, CLOSED 4h, READ ONLY Dh, FULL Eh, OFFLINE Fh.
 */
export type ZoneCondition = 'NOT_WRITE_POINTER' | 'EMPTY' | 'IMPLICITLY_OPENED' | 'EXPLICITLY_OPENED' | 'CLOSED' | 'READ_ONLY' | 'FULL' | 'OFFLINE';

export const ZONE_CONDITION_CODE: Record<ZoneCondition, number> = {
  NOT_WRITE_POINTER: 0x0, EMPTY: 0x1, IMPLICITLY_OPENED: 0x2, EXPLICITLY_OPENED: 0x3, CLOSED: 0x4, READ_ONLY: 0xd, FULL: 0xe, OFFLINE: 0xf,
};

/** A sequential write required zone that is not EMPTY. `wp` is a LBA, meaningful in IMPLICITLY/EXPLICITLY OPENED and CLOSED. */
export type ScsiZone = { readonly cond: Exclude<ZoneCondition, 'EMPTY' | 'NOT_WRITE_POINTER'>; readonly wp: number };

/**
 * A ROD token this copy manager created with POPULATE TOKEN (SPC-5 §5.17.6). `ranges` are the
 * represented blocks in token order (SBC-4 §4.28.1); `data` their content as populated (kept for a
 * persistent token; for a change-vulnerable one it is only what the ranges held, which stays true
 * while the token is valid). Times are seconds on the copy manager's clock.
 */
export type RodToken = {
  readonly id: number;
  readonly ranges: readonly ScsiRange[];
  readonly data: readonly Run[];
  /** Blocks the token represents (Σ NUMBER OF LOGICAL BLOCKS). */
  readonly blocks: number;
  readonly rodType: 'change-vulnerable' | 'persistent';
  /** Inactivity timeout in seconds (SPC-5 §5.17.6.7). */
  readonly timeout: number;
  /** Clock at creation or at the end of the last WRITE USING TOKEN that used it. */
  readonly lastActive: number;
  /** valid, or why it is not (SPC-5 §5.17.6.7): cancelled by the copy manager, deleted on request. */
  readonly state: 'valid' | 'cancelled' | 'deleted';
};

/** What a third-party copy command left for RECEIVE COPY STATUS / RECEIVE ROD TOKEN INFORMATION. */
export type CopyResult = {
  readonly op: 'xcopy' | 'populate-token' | 'write-using-token';
  /** COPY MANAGER STATUS / COPY OPERATION STATUS: 01h completed without errors, 02h with errors; 03h (without errors, partial ROD token usage) only from a known-bad variant (token.ts). */
  readonly copyStatus: 0x01 | 0x02 | 0x03;
  /** SEGMENTS PROCESSED (EXTENDED COPY) — segments completed. */
  readonly segmentsProcessed: number;
  /** TRANSFER COUNT in logical blocks (TRANSFER COUNT UNITS F1h). */
  readonly transferCount: number;
  /** POPULATE TOKEN: the token created. */
  readonly token?: number;
  /** The sense data the command ended with, if any. */
  readonly sense?: ScsiSense;
};

export type ScsiLu = {
  readonly config: ScsiLuConfig;
  /** Content in 512-byte sectors; LBA n is sectors [n·k, n·k+k), k = blockBytes/512. */
  readonly content: ExtentMap;
  /** Sequential write required zones that are not EMPTY, by zone index; absent = EMPTY, wp = zone start. */
  readonly zones: Readonly<Record<number, ScsiZone>>;
  /** Implicitly opened zones, oldest first (the one ZBC-2 §4.5.3.4.2 lets the device close first). */
  readonly implicitOpen: readonly number[];
  readonly writeProtected: boolean;
  /** LBA ranges [start, end) that fail reads with UNRECOVERED READ ERROR until rewritten. */
  readonly mediaErrors: readonly (readonly [number, number])[];
  /** ROD tokens by COPY MANAGER ROD TOKEN IDENTIFIER; numbered 1, 2, … in creation order. */
  readonly tokens: Readonly<Record<number, RodToken>>;
  readonly nextToken: number;
  /** The copy manager's clock in seconds, advanced only by `elapse` events. */
  readonly now: number;
  /** Results kept per LIST IDENTIFIER (one I_T nexus is modelled). */
  readonly lists: Readonly<Record<number, CopyResult>>;
  readonly bugs: readonly ScsiBug[];
};

/**
 * A LU as shipped: a conventional LU holds its original content; in a zoned LU the sequential write
 * required zones start EMPTY with nothing valid in them (ZBC-2: data below the write pointer only),
 * the conventional zones hold original content.
 */
export const scsiLuInit = (config: ScsiLuConfig, bugs: readonly ScsiBug[] = []): ScsiLu => {
  const k = scsiSectorsPerBlock(config);
  let content = uniformMap(config.capacity * k, { kind: 'orig', dev: config.name });
  if (config.zoned) {
    const conv = Math.min(config.zoned.conventionalZones * config.zoned.zoneSize, config.capacity);
    if (conv < config.capacity) content = writeRuns(content, conv * k, [{ len: (config.capacity - conv) * k, src: { kind: 'unwritten' }, off: 0 }]);
  }
  return { config, content, zones: {}, implicitOpen: [], writeProtected: false, mediaErrors: [], tokens: {}, nextToken: 1, now: 0, lists: {}, bugs };
};

export const hasScsiBug = (lu: ScsiLu, bug: ScsiBug): boolean => lu.bugs.includes(bug);
