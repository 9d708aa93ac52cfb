// NVMe completion status values modelled by copyspec, with the clause that defines each.
// Encoding as in the CQE Status Field (NVMe Base 2.x, Completion Queue Entry): Status Code Type (SCT), Status Code (SC),
// Do Not Retry (DNR). DNR is set as QEMU hw/nvme/ctrl.c sets it, since the specifications leave it to
// the controller (spec/nvme-device.md "DNR").

export const NVME_STATUS = {
  SUCCESS: { sct: 0, sc: 0x00, name: 'Successful Completion', source: 'NVMe Base 2.x Generic Command Status values' },
  INVALID_OPCODE: { sct: 0, sc: 0x01, name: 'Invalid Command Opcode', source: 'NVMe Base 2.x Generic Command Status values' },
  INVALID_FIELD: { sct: 0, sc: 0x02, name: 'Invalid Field in Command', source: 'NVMe Base 2.x Generic Command Status values' },
  INTERNAL_ERROR: { sct: 0, sc: 0x06, name: 'Internal Error', source: 'NVMe Base 2.x Generic Command Status values (QEMU 7.2 reports Copy range failures so)' },
  INVALID_NS_OR_FORMAT: { sct: 0, sc: 0x0b, name: 'Invalid Namespace or Format', source: 'NVMe Base 2.x Generic Command Status values; NVMCS 1.0 §3.2.2 (DESFMT vs PI format)' },
  NS_WRITE_PROTECTED: { sct: 0, sc: 0x20, name: 'Namespace is Write Protected', source: 'NVMe Base 2.x Generic Command Status values; Namespace Write Protection' },
  LBA_OUT_OF_RANGE: { sct: 0, sc: 0x80, name: 'LBA Out of Range', source: 'NVMCS 1.0 Fig. 17 (NVM command set generic status)' },
  CMD_SIZE_LIMIT_EXCEEDED: { sct: 1, sc: 0x83, name: 'Command Size Limit Exceeded', source: 'NVMCS 1.0 §3.2.2, Fig. 37 (NR > MSRC, NLB > MSSRL, total > MCL)' },
  ZONE_BOUNDARY_ERROR: { sct: 1, sc: 0xb8, name: 'Zone Boundary Error', source: 'ZNS 1.1 §2.1.1.2.1.1, Fig. 14' },
  ZONE_IS_FULL: { sct: 1, sc: 0xb9, name: 'Zone Is Full', source: 'ZNS 1.1 §2.1.1.2.1.1, Fig. 14' },
  ZONE_IS_READ_ONLY: { sct: 1, sc: 0xba, name: 'Zone Is Read Only', source: 'ZNS 1.1 §2.1.1.2.1.1, Fig. 14' },
  ZONE_IS_OFFLINE: { sct: 1, sc: 0xbb, name: 'Zone Is Offline', source: 'ZNS 1.1 §2.1.1.2.1.1–2, Fig. 14' },
  ZONE_INVALID_WRITE: { sct: 1, sc: 0xbc, name: 'Zone Invalid Write', source: 'ZNS 1.1 §2.1.1.2.1.1 (write not at the write pointer)' },
  TOO_MANY_ACTIVE_ZONES: { sct: 1, sc: 0xbd, name: 'Too Many Active Zones', source: 'ZNS 1.1 §2.1.1.4 (active resources)' },
  TOO_MANY_OPEN_ZONES: { sct: 1, sc: 0xbe, name: 'Too Many Open Zones', source: 'ZNS 1.1 §2.1.1.4 (open resources)' },
  INVALID_ZONE_STATE_TRANSITION: { sct: 1, sc: 0xbf, name: 'Invalid Zone State Transition', source: 'ZNS 1.1 Zone Management Send; Fig. 11' },
  UNRECOVERED_READ_ERROR: { sct: 2, sc: 0x81, name: 'Unrecovered Read Error', source: 'NVMe Base 2.x Media and Data Integrity Errors values' },
} as const;

export type NvmeStatusName = keyof typeof NVME_STATUS;

/** What the controller posts in the CQE for one command. */
export type NvmeCompletion = {
  readonly status: NvmeStatusName;
  readonly dnr: boolean;
  /** CQE Dword 0: Copy failure → lowest-numbered Source Range entry not copied; Zone Append → ALBA[31:0]. */
  readonly dw0: number;
  /** CQE Dword 1: Zone Append → ALBA[63:32]. */
  readonly dw1: number;
};

export const ok = (dw0 = 0, dw1 = 0): NvmeCompletion => ({ status: 'SUCCESS', dnr: false, dw0, dw1 });

export const fail = (status: NvmeStatusName, dnr: boolean, dw0 = 0): NvmeCompletion => ({ status, dnr, dw0, dw1: 0 });

/** Look a status up by its numeric SCT/SC (used when reading QEMU's answers). */
export const statusByCode = (sct: number, sc: number): NvmeStatusName | undefined =>
  (Object.keys(NVME_STATUS) as NvmeStatusName[]).find((k) => NVME_STATUS[k].sct === sct && NVME_STATUS[k].sc === sc);
