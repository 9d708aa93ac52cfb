// Known-bad variants of the NVMe device model: each breaks one rule on purpose, so that a test can
// show the property guarding that rule refutes it ("a property that cannot fail is a defect").

export const DEVICE_BUGS = {
  'copy-ignores-msrc': 'Copy accepts NR > MSRC (the NVMCS §3.2.2 NR check is skipped)',
  'copy-ignores-mssrl': 'Copy accepts a Source Range entry longer than MSSRL',
  'copy-ignores-mcl': 'Copy accepts a total length above MCL (as QEMU before 8.1 does)',
  'copy-dw0-off-by-one': 'a failed Copy reports Dword 0 one past the lowest range not copied',
  'copy-reverse-ranges': 'Copy writes the Source Range entries to the destination in reverse order',
  'copy-wp-not-advanced': 'a Copy into a zone does not advance the write pointer',
  'zone-full-check-removed': 'writes into a Full zone are not rejected with Zone Is Full',
  'write-ignores-wp': 'a Write to a zone is not checked against the write pointer',
  'write-boundary-uses-zone-size': 'the write boundary is ZSLBA+ZSZE, not ZSLBA+ZCAP',
  'finish-leaks-active': 'finishing a zone does not release its active resource',
  'implicit-open-ignores-limits': 'implicitly opening a zone ignores the open and active limits',
  'reset-keeps-data': 'Zone Reset leaves the old data readable',
  'assert-on-zone-lookup': 'a command whose LBA is past the last zone trips an assertion (no bounds check first)',
  'explicit-open-stays-implicit': 'an explicit Open of an implicitly opened zone leaves it ZSIO (so auto transition may close it)',
  'select-all-close-none': 'Zone Management Send Close with Select All closes no zone',
  'select-all-finish-skips-closed': 'Zone Management Send Finish with Select All leaves Closed zones Closed',
  'select-all-reset-skips-explicit': 'Zone Management Send Reset with Select All skips explicitly opened zones (their data survives)',
  'open-too-many-active-closes-zone': 'an Open Zone aborted with Too Many Active Zones still auto-closes an implicitly opened zone (QEMU nvme_zrm_open_flags)',
  'zone-limit-errors-retryable': 'Too Many Active / Too Many Open Zones complete without DNR',
  'rewrite-keeps-media-error': 'writing a block with a latent media error does not clear it',
  'mdts-in-512-byte-units': 'MDTS is read in 512-byte units instead of CAP.MPSMIN (4 KiB) pages',
} as const;

export type DeviceBug = keyof typeof DEVICE_BUGS;

export const isDeviceBug = (s: string): s is DeviceBug => Object.hasOwn(DEVICE_BUGS, s);
