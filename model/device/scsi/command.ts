// SCSI commands as copyspec models them: the CDB and parameter-list fields that matter, in their
// SCSI units (LBAs and counts of logical blocks, 1's based as SBC-4 gives them).

import type { Run } from '../../content/token.js';

/** Block device range descriptor (SBC-4 §5.12.3): LBA (7:0), NUMBER OF LOGICAL BLOCKS (11:8). */
export type ScsiRange = { readonly lba: number; readonly blocks: number };

/** Identification CSCD descriptor (E4h, SPC-5 §6.4.5.6): the designator names a logical unit. */
export type ScsiCscd = { readonly type: number; readonly lu: string };

/**
 * Block device to block device segment descriptor (02h, SPC-5 §6.4.6.4): SOURCE/DESTINATION CSCD
 * DESCRIPTOR ID (indexes into the CSCD list), BLOCK DEVICE NUMBER OF BLOCKS (16-bit), SOURCE and
 * DESTINATION BLOCK DEVICE LBA. `dc` is the DC bit (blocks counted at the destination; equal block
 * lengths make both readings one).
 */
export type ScsiSegment = { readonly type: number; readonly src: number; readonly dst: number; readonly blocks: number; readonly srcLba: number; readonly dstLba: number; readonly dc: boolean };

export type ZoneOutAction = 'open' | 'close' | 'finish' | 'reset';

export type ScsiCommand =
  /** READ(16) (88h, SBC-4 §5.16): TRANSFER LENGTH in blocks, 0 = no transfer. */
  | { readonly cmd: 'read16'; readonly lba: number; readonly blocks: number }
  /** WRITE(16) (8Ah, SBC-4 §5.52); `data` is the Data-Out buffer as symbolic runs. */
  | { readonly cmd: 'write16'; readonly lba: number; readonly blocks: number; readonly data: readonly Run[] }
  /** EXTENDED COPY(LID1) (83h/00h, SPC-4 §6.3; SPC-5 §6.5). Inline data is not modelled. */
  | { readonly cmd: 'xcopy'; readonly listId: number; readonly cscd: readonly ScsiCscd[]; readonly segments: readonly ScsiSegment[] }
  /** RECEIVE COPY OPERATING PARAMETERS (84h/03h). */
  | { readonly cmd: 'receive-copy-operating-parameters' }
  /** RECEIVE COPY STATUS(LID1) (84h/00h): the result of the EXTENDED COPY with this list identifier. */
  | { readonly cmd: 'receive-copy-status'; readonly listId: number }
  /** POPULATE TOKEN (83h/10h, SBC-4 §5.12), IMMED = 0. `inactivityTimeout` 0 = the default. */
  | { readonly cmd: 'populate-token'; readonly listId: number; readonly inactivityTimeout: number; readonly ranges: readonly ScsiRange[] }
  /**
   * WRITE USING TOKEN (83h/11h, SBC-4 §5.59), IMMED = 0. `token` is the COPY MANAGER ROD TOKEN
   * IDENTIFIER of a token this LU created (RECEIVE ROD TOKEN INFORMATION returns it); `offset` is
   * OFFSET INTO ROD in blocks; `delTkn` the DEL_TKN bit.
   */
  | { readonly cmd: 'write-using-token'; readonly listId: number; readonly token: number; readonly tokenLength: number; readonly offset: number; readonly delTkn: boolean; readonly ranges: readonly ScsiRange[] }
  /** RECEIVE ROD TOKEN INFORMATION (84h/07h, SPC-5 §6.26; SBC-4 §5.25). */
  | { readonly cmd: 'receive-rod-token-information'; readonly listId: number }
  /** INQUIRY with EVPD = 1 (SPC-5 §6.7): Block Limits B0h, Third-party Copy 8Fh, Zoned Block Device Characteristics B6h. */
  | { readonly cmd: 'inquiry'; readonly page: 'b0' | '8f' | 'b6' }
  /** ZONE MANAGEMENT OUT (94h, ZBC-2 §5.3–5.6): CLOSE 01h, FINISH 02h, OPEN 03h, RESET WRITE POINTER 04h; `all` is the ALL bit. */
  | { readonly cmd: 'zone-out'; readonly action: ZoneOutAction; readonly lba: number; readonly all: boolean }
  /** REPORT ZONES (95h/00h, ZBC-2 §5.2), reporting option 00h (all zones), at most `count` descriptors. */
  | { readonly cmd: 'report-zones'; readonly lba: number; readonly count: number };

export type ScsiCommandKind = ScsiCommand['cmd'];

/** Events outside the command set: faults, and time passing (token inactivity timeouts). */
export type ScsiEvent =
  | { readonly event: 'media-error'; readonly lba: number; readonly blocks: number }
  | { readonly event: 'write-protect' }
  | { readonly event: 'zone-read-only'; readonly lba: number }
  | { readonly event: 'zone-offline'; readonly lba: number }
  /** `seconds` pass on the copy manager's clock (the model has no clock of its own). */
  | { readonly event: 'elapse'; readonly seconds: number };
