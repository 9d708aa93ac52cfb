// How the SCSI midlayer turns a completed command into a block-layer status and an errno, and
// whether it retries (Linux 6.12): scsi_decide_disposition → scsi_check_sense
// (drivers/scsi/scsi_error.c) sets the midlayer byte for the sense it finds and says SUCCESS (no
// retry) or NEEDS_RETRY; scsi_io_completion → scsi_io_completion_action (drivers/scsi/scsi_lib.c)
// maps the result with scsi_result_to_blk_status and refines it by sense key (ILLEGAL REQUEST 20h/24h
// → BLK_STS_TARGET, DATA PROTECT 55h/0Eh → BLK_STS_ZONE_OPEN_RESOURCE); blk_status_to_errno
// (block/blk-core.c blk_errors[]) gives the errno.

import type { StackBug } from '../block/bugs.js';
import { ASC, type ScsiCompletion } from '../device/scsi/sense.js';

/** scsi_error.c scsi_check_sense's midlayer byte (enum scsi_ml_status, scsi_priv.h). */
export type ScsiMlStatus = 'OK' | 'TGT_FAILURE' | 'MED_ERROR' | 'NOSPC';

/** sd_setup_read_write_cmnd: SD_MAX_RETRIES = 5 (drivers/scsi/sd.h) is scmd->allowed. */
export const SD_MAX_RETRIES = 5;

/** Errnos of the blk_status_t values the SCSI path produces (block/blk-core.c blk_errors[]). */
export const BLK_STS_ERRNO = {
  OK: 0,
  IOERR: -5, // BLK_STS_IOERR → -EIO
  TARGET: -121, // BLK_STS_TARGET → -EREMOTEIO
  MEDIUM: -61, // BLK_STS_MEDIUM → -ENODATA
  NOSPC: -28, // BLK_STS_NOSPC → -ENOSPC
  ZONE_OPEN_RESOURCE: -109, // BLK_STS_ZONE_OPEN_RESOURCE → -ETOOMANYREFS
} as const;

export type BlkStatus = keyof typeof BLK_STS_ERRNO;

/**
 * scsi_check_sense for the sense keys the LU model returns: the midlayer byte it sets and whether
 * the command is retried. ILLEGAL REQUEST with ASC 20h, 21h, 22h, 24h, 26h or 27h → TGT_FAILURE, any
 * other ASC (23h token errors, 1Ah) → nothing; DATA PROTECT 27h/07h → NOSPC, other DATA PROTECT and
 * COPY ABORTED → TGT_FAILURE (the DATA_PROTECT case falls through to COPY_ABORTED); MEDIUM ERROR
 * 11h/13h/14h → MED_ERROR, other MEDIUM ERROR ASCs NEEDS_RETRY. All SUCCESS otherwise.
 */
export const scsiCheckSense = (c: ScsiCompletion): { readonly ml: ScsiMlStatus; readonly retry: boolean } => {
  if (c.status === 'GOOD') return { ml: 'OK', retry: false };
  const { key } = c.sense;
  const { asc, ascq } = ASC[c.sense.code] as { readonly asc: number; readonly ascq: number };
  switch (key) {
    case 'ILLEGAL_REQUEST':
      return { ml: [0x20, 0x21, 0x22, 0x24, 0x26, 0x27].includes(asc) ? 'TGT_FAILURE' : 'OK', retry: false };
    case 'DATA_PROTECT':
      return { ml: asc === 0x27 && ascq === 0x07 ? 'NOSPC' : 'TGT_FAILURE', retry: false };
    case 'COPY_ABORTED':
      return { ml: 'TGT_FAILURE', retry: false };
    case 'MEDIUM_ERROR':
      return [0x11, 0x13, 0x14].includes(asc) ? { ml: 'MED_ERROR', retry: false } : { ml: 'OK', retry: true };
    case 'NO_SENSE':
      return { ml: 'OK', retry: false };
  }
};

/**
 * scsi_io_completion's status for a finished command: scsi_result_to_blk_status (the midlayer byte
 * first: TGT_FAILURE → TARGET, MED_ERROR → MEDIUM, NOSPC → NOSPC; then DID_OK with a status other
 * than GOOD → IOERR), refined by scsi_io_completion_action (ILLEGAL REQUEST 20h/24h → TARGET; DATA
 * PROTECT 55h/0Eh or 0Fh → ZONE_OPEN_RESOURCE). The known-bad variant `sd-ignores-sense` ends every
 * command with BLK_STS_OK, whatever its status.
 */
export const scsiBlkStatus = (c: ScsiCompletion, bugs: readonly StackBug[] = []): BlkStatus => {
  if (c.status === 'GOOD' || bugs.includes('sd-ignores-sense')) return 'OK';
  const { ml } = scsiCheckSense(c);
  let sts: BlkStatus = ml === 'TGT_FAILURE' ? 'TARGET' : ml === 'MED_ERROR' ? 'MEDIUM' : ml === 'NOSPC' ? 'NOSPC' : 'IOERR';
  const { asc, ascq } = ASC[c.sense.code] as { readonly asc: number; readonly ascq: number };
  if (c.sense.key === 'ILLEGAL_REQUEST' && (asc === 0x20 || asc === 0x24)) sts = 'TARGET';
  if (c.sense.key === 'DATA_PROTECT' && asc === 0x55 && (ascq === 0x0e || ascq === 0x0f)) sts = 'ZONE_OPEN_RESOURCE';
  return sts;
};

export const scsiErrno = (c: ScsiCompletion, bugs: readonly StackBug[] = []): number => BLK_STS_ERRNO[scsiBlkStatus(c, bugs)];

/** scsi_decide_disposition: retry a command whose sense scsi_check_sense answers NEEDS_RETRY, while scmd->retries < scmd->allowed. */
export const scsiShouldRetry = (c: ScsiCompletion, retries: number): boolean => c.status !== 'GOOD' && scsiCheckSense(c).retry && retries < SD_MAX_RETRIES;
