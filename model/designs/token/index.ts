// token — Mikulas Patocka, "[RFC PATCH 1/3] block: add copy offload support" (Feb 2022) and the
// series that followed: a read-token op to the source, a write-token op with that token to the
// destination. On NVMe (this model's only transport so far) the copy falls back to read + write.
// Page: spec/designs/token.md.

import type { Design } from '../design.js';
import { emulation } from '../emulation/index.js';

export const token: Design = {
  ...emulation,
  name: 'token',
  summary: 'read-token to the source, write-token to the destination (SCSI POPULATE TOKEN / WRITE USING TOKEN); NVMe has no token, so on NVMe every copy falls back to read + write',
  origin: { kind: 'posted', series: '[RFC PATCH 1/3] block: add copy offload support', author: 'Mikulas Patocka', posted: '2022-02-01', ref: 'linux-block' },
  declared: {
    'DATA-04': { verdict: 'n/a', why: 'NVMe has no token copy, so no Copy command ever reaches a device: every copy is read + write' },
    'CMPL-02': { verdict: 'n/a', why: 'NVMe has no token copy, so no copy request reaches the driver' },
  },
};

export const tokenFix: Design = { ...token, name: 'token+fix', origin: { kind: 'fixed', of: 'token', changes: [] } };
