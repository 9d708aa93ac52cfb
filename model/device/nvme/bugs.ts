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
} as const;

export type DeviceBug = keyof typeof DEVICE_BUGS;

export const isDeviceBug = (s: string): s is DeviceBug => Object.hasOwn(DEVICE_BUGS, s);
