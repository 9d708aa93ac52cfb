// Known-bad variants of the SCSI logical unit model: each breaks one rule on purpose, so that a test
// can show the property guarding that rule refutes it. Names start with `scsi-` so that they never
// collide with the NVMe variants (`copyspec run --bug NAME` routes by name).

export const SCSI_BUGS = {
  'scsi-token-not-invalidated-on-write': 'a change-vulnerable ROD token survives a write to a block it represents, and WRITE USING TOKEN copies the new data',
  'scsi-token-ignores-inactivity-timeout': 'WRITE USING TOKEN accepts a token whose inactivity timeout has passed',
  'scsi-xcopy-ignores-max-segment-length': 'EXTENDED COPY accepts a segment that writes more than MAXIMUM SEGMENT LENGTH bytes',
  'scsi-xcopy-ignores-max-segment-count': 'EXTENDED COPY accepts more segment descriptors than MAXIMUM SEGMENT DESCRIPTOR COUNT',
  'scsi-xcopy-segment-number-off-by-one': 'a failed EXTENDED COPY reports the segment after the one that failed in COMMAND-SPECIFIC INFORMATION',
  'scsi-xcopy-wp-not-advanced': 'an EXTENDED COPY segment written into a sequential write required zone leaves the write pointer where it was',
  'scsi-pt-ignores-max-range-descriptors': 'POPULATE TOKEN accepts more range descriptors than MAXIMUM RANGE DESCRIPTORS',
  'scsi-write-ignores-wp': 'a WRITE(16) to a sequential write required zone is not checked against the write pointer',
  'scsi-implicit-open-ignores-limit': 'implicitly opening a zone ignores MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES',
  'scsi-reset-keeps-data': 'RESET WRITE POINTER leaves the old data readable',
  'scsi-rewrite-keeps-media-error': 'rewriting a block with a latent media error leaves the error, so the next READ(16) of it still fails',
  'scsi-explicit-open-stays-implicit': 'OPEN ZONE of an implicitly opened zone leaves it IMPLICITLY OPENED, so the device may later close a zone the host opened',
  'scsi-assert-past-capacity': 'a command whose LBA is past the capacity trips an assertion (no bounds check first)',
  'scsi-zone-id-not-zone-start': 'ZONE MANAGEMENT OUT accepts a ZONE ID inside a zone, not at its start, and acts on the zone holding it',
  'scsi-rrti-partial-status-on-error': 'RECEIVE ROD TOKEN INFORMATION reports COPY OPERATION STATUS 03h (completed without errors, partial ROD token usage) for a WRITE USING TOKEN that ended in CHECK CONDITION',
} as const;

export type ScsiBug = keyof typeof SCSI_BUGS;

export const isScsiBug = (s: string): s is ScsiBug => Object.hasOwn(SCSI_BUGS, s);
