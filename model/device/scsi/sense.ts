// SCSI status and sense data as copyspec models them: a sense key and an additional sense code
// (ASC/ASCQ) per situation, each with the clause that assigns it, and both sense data formats.
// Values: SPC-5 §4.5.6 (sense keys), the T10 ASC/ASCQ assignments (include/scsi/scsi_proto.h,
// drivers/scsi/sense_codes.h list the same numbers).

export const SENSE_KEYS = {
  NO_SENSE: 0x0,
  MEDIUM_ERROR: 0x3,
  ILLEGAL_REQUEST: 0x5,
  DATA_PROTECT: 0x7,
  COPY_ABORTED: 0xa,
} as const;

export type SenseKey = keyof typeof SENSE_KEYS;

/** Additional sense codes: ASC, ASCQ, the T10 name, and where copyspec raises it. */
export const ASC = {
  INVALID_COMMAND_OPERATION_CODE: { asc: 0x20, ascq: 0x00, name: 'INVALID COMMAND OPERATION CODE', source: 'SPC-5 §4.2.5.1 (3PC = 0, no ROD token support)' },
  INVALID_FIELD_IN_CDB: { asc: 0x24, ascq: 0x00, name: 'INVALID FIELD IN CDB', source: 'SBC-4 §6.6.4 (transfer above MAXIMUM TRANSFER LENGTH); SPC-5 §6.20 (unknown list identifier); ZBC-2 (write to a FULL zone, zone ID not a zone start)' },
  PARAMETER_LIST_LENGTH_ERROR: { asc: 0x1a, ascq: 0x00, name: 'PARAMETER LIST LENGTH ERROR', source: 'SPC-4 r37 §6.4.3.5 (descriptor lists above MAXIMUM DESCRIPTOR LIST LENGTH)' },
  INVALID_FIELD_IN_PARAMETER_LIST: { asc: 0x26, ascq: 0x00, name: 'INVALID FIELD IN PARAMETER LIST', source: 'SBC-4 §5.12.2, §5.59.2 (range lists); SPC-5 §5.17.6.3 (same LBA twice)' },
  TOO_MANY_TARGET_DESCRIPTORS: { asc: 0x26, ascq: 0x06, name: 'TOO MANY TARGET DESCRIPTORS', source: 'SPC-4 r37 §6.4.3.4' },
  UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE: { asc: 0x26, ascq: 0x07, name: 'UNSUPPORTED TARGET DESCRIPTOR TYPE CODE', source: 'SPC-4 r37 §6.4.3.4' },
  TOO_MANY_SEGMENT_DESCRIPTORS: { asc: 0x26, ascq: 0x08, name: 'TOO MANY SEGMENT DESCRIPTORS', source: 'SPC-4 r37 §6.4.3.5; SBC-4 §5.12.2 (range descriptors above MAXIMUM RANGE DESCRIPTORS)' },
  UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE: { asc: 0x26, ascq: 0x09, name: 'UNSUPPORTED SEGMENT DESCRIPTOR TYPE CODE', source: 'SPC-4 r37 §6.4.3.5' },
  LBA_OUT_OF_RANGE: { asc: 0x21, ascq: 0x00, name: 'LOGICAL BLOCK ADDRESS OUT OF RANGE', source: 'SBC-4 §4.5 (LBA past the capacity); SBC-4 §5.12.3' },
  UNALIGNED_WRITE_COMMAND: { asc: 0x21, ascq: 0x04, name: 'UNALIGNED WRITE COMMAND', source: 'ZBC-2 §4.5.3.2 (write not at the write pointer of a sequential write required zone); libzbc 01_sk_ascq_check' },
  WRITE_BOUNDARY_VIOLATION: { asc: 0x21, ascq: 0x05, name: 'WRITE BOUNDARY VIOLATION', source: 'ZBC-2 §4.5.3.2 (write crossing a sequential write required zone boundary); libzbc 01_sk_ascq_check' },
  ATTEMPT_TO_READ_INVALID_DATA: { asc: 0x21, ascq: 0x06, name: 'ATTEMPT TO READ INVALID DATA', source: 'ZBC-2 §4.5.3.3 (URSWRZ = 0: read above the write pointer)' },
  READ_BOUNDARY_VIOLATION: { asc: 0x21, ascq: 0x07, name: 'READ BOUNDARY VIOLATION', source: 'ZBC-2 §4.5.3.3 (URSWRZ = 0: read crossing a sequential write required zone boundary)' },
  INSUFFICIENT_ZONE_RESOURCES: { asc: 0x55, ascq: 0x0e, name: 'INSUFFICIENT ZONE RESOURCES', source: 'ZBC-2 §4.5.3.4.2 (MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES explicitly opened); scsi_lib.c maps DATA PROTECT 55h/0Eh to BLK_STS_ZONE_OPEN_RESOURCE' },
  ZONE_IS_READ_ONLY: { asc: 0x27, ascq: 0x08, name: 'ZONE IS READ ONLY', source: 'ZBC-2 (zone condition READ ONLY); libzbc zbc_write_check_available' },
  ZONE_IS_OFFLINE: { asc: 0x2c, ascq: 0x0e, name: 'ZONE IS OFFLINE', source: 'ZBC-2 (zone condition OFFLINE); libzbc zbc_write_check_available' },
  WRITE_PROTECTED: { asc: 0x27, ascq: 0x00, name: 'WRITE PROTECTED', source: 'SBC-4 §4.11 (write protection)' },
  UNRECOVERED_READ_ERROR: { asc: 0x11, ascq: 0x00, name: 'UNRECOVERED READ ERROR', source: 'SBC-4 §4.18 (INFORMATION = the LBA of the first unrecovered block)' },
  THIRD_PARTY_DEVICE_FAILURE: { asc: 0x0d, ascq: 0x01, name: 'THIRD PARTY DEVICE FAILURE', source: 'SPC-5 §5.17.7.4 (a command to a CSCD failed); FreeBSD ctl_tpc.c tpc_set_io_error_sense' },
  COPY_TARGET_DEVICE_NOT_REACHABLE: { asc: 0x0d, ascq: 0x02, name: 'COPY TARGET DEVICE NOT REACHABLE', source: 'SPC-5 §5.17.7.4 (a CSCD the copy manager cannot reach)' },
  COPY_TARGET_DEVICE_DATA_UNDERRUN: { asc: 0x0d, ascq: 0x04, name: 'COPY TARGET DEVICE DATA UNDERRUN', source: 'SBC-4 §4.28.2 (negative residual; key COPY ABORTED if TRANSFER COUNT ≠ 0, else ILLEGAL REQUEST)' },
  TOKEN_UNKNOWN: { asc: 0x23, ascq: 0x04, name: 'INVALID TOKEN OPERATION, TOKEN UNKNOWN', source: 'SPC-5 §5.17.6.5.2.3 item 8; SBC-4 §5.59.2' },
  TOKEN_EXPIRED: { asc: 0x23, ascq: 0x07, name: 'INVALID TOKEN OPERATION, TOKEN EXPIRED', source: 'SPC-5 §5.17.6.5.2.3 item 4 (inactivity timeout exceeded)' },
  TOKEN_CANCELLED: { asc: 0x23, ascq: 0x08, name: 'INVALID TOKEN OPERATION, TOKEN CANCELLED', source: 'SPC-5 §5.17.6.5.2.3 item 5, §5.17.6.7 b) (point in time copy processing requirements)' },
  TOKEN_DELETED: { asc: 0x23, ascq: 0x09, name: 'INVALID TOKEN OPERATION, TOKEN DELETED', source: 'SPC-5 §5.17.6.5.2.3 item 7 (DEL_TKN)' },
  INVALID_TOKEN_LENGTH: { asc: 0x23, ascq: 0x0a, name: 'INVALID TOKEN OPERATION, INVALID TOKEN LENGTH', source: 'SBC-4 §5.59.2 (ROD TOKEN LENGTH ≠ 01F8h)' },
} as const;

export type AscName = keyof typeof ASC;

/** Sense data as the device server builds it (SPC-5 §4.5): the fields copyspec models. */
export type ScsiSense = {
  readonly key: SenseKey;
  readonly code: AscName;
  /** INFORMATION field (VALID = 1 when present): a LBA, a residual or a TRANSFER COUNT, by situation. */
  readonly information?: number;
  /** COMMAND-SPECIFIC INFORMATION: an EXTENDED COPY segment number (SPC-5 §5.17.7.4 b). */
  readonly commandSpecific?: number;
  /** Forwarded sense of a copy source (1) or destination (2) (SPC-5 §4.5.2.7; descriptor format only). */
  readonly forwarded?: { readonly source: 1 | 2; readonly sense: ScsiSense };
};

/** What the device server returns for one command: GOOD, or CHECK CONDITION with sense data (SAM-6). */
export type ScsiCompletion = { readonly status: 'GOOD' } | { readonly status: 'CHECK CONDITION'; readonly sense: ScsiSense };

export const good = (): ScsiCompletion => ({ status: 'GOOD' });

export const check = (key: SenseKey, code: AscName, more: Omit<ScsiSense, 'key' | 'code'> = {}): ScsiCompletion => ({
  status: 'CHECK CONDITION',
  sense: { key, code, ...more },
});

/** `ILLEGAL REQUEST/24h/00h` style text of a completion, for messages. */
export const completionText = (c: ScsiCompletion): string =>
  c.status === 'GOOD' ? 'GOOD' : `CHECK CONDITION ${c.sense.key.replace(/_/g, ' ')} ${ASC[c.sense.code].name} (${hex(SENSE_KEYS[c.sense.key])}/${hex(ASC[c.sense.code].asc)}/${hex(ASC[c.sense.code].ascq)})`;

const hex = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0') + 'h';

const be = (v: number, bytes: number): number[] => {
  const out: number[] = [];
  let x = BigInt(Math.max(0, Math.trunc(v)));
  for (let i = 0; i < bytes; i++) {
    out.unshift(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
};

/**
 * Fixed format sense data, response code 70h (SPC-5 §4.5.3): 18 bytes. INFORMATION in bytes 6:3
 * (VALID, byte 0 bit 7), COMMAND-SPECIFIC INFORMATION 11:8 (an EXTENDED COPY segment number in its
 * third and fourth bytes, SPC-5 §5.17.7.4 b), ASC 12, ASCQ 13. Forwarded sense cannot be carried in
 * this format here: byte 8's offset is left 0 ("no status byte and sense data is being returned").
 */
export const fixedSense = (s: ScsiSense): number[] => {
  const b = new Array<number>(18).fill(0);
  b[0] = 0x70 | (s.information !== undefined ? 0x80 : 0);
  b[2] = SENSE_KEYS[s.key];
  if (s.information !== undefined) be(s.information, 4).forEach((v, i) => (b[3 + i] = v));
  b[7] = 10;
  if (s.commandSpecific !== undefined) be(s.commandSpecific, 2).forEach((v, i) => (b[10 + i] = v));
  b[12] = ASC[s.code].asc;
  b[13] = ASC[s.code].ascq;
  return b;
};

/**
 * Descriptor format sense data, response code 72h (SPC-5 §4.5.2): an 8-byte header, then an
 * Information descriptor (00h, VALID set), a Command-specific information descriptor (01h) and a
 * Forwarded additional sense data descriptor (0Ch: SOURCE, status CHECK CONDITION 02h, the forwarded
 * sense in descriptor format), each present only when its field is.
 */
export const descriptorSense = (s: ScsiSense): number[] => {
  const d: number[] = [];
  if (s.information !== undefined) d.push(0x00, 0x0a, 0x80, 0x00, ...be(s.information, 8));
  if (s.commandSpecific !== undefined) d.push(0x01, 0x0a, 0x00, 0x00, ...be(s.commandSpecific, 8));
  if (s.forwarded) {
    const inner = descriptorSense(s.forwarded.sense);
    d.push(0x0c, 2 + inner.length, s.forwarded.source, 0x02, ...inner);
  }
  return [0x72, SENSE_KEYS[s.key], ASC[s.code].asc, ASC[s.code].ascq, 0, 0, 0, d.length, ...d];
};

export const senseBytes = (s: ScsiSense, format: 'fixed' | 'descriptor'): string =>
  (format === 'fixed' ? fixedSense(s) : descriptorSense(s)).map((v) => v.toString(16).padStart(2, '0')).join('');
