// The parts of a step's outcome compared between the model and QEMU.

/**
 * status: SCT and SC; dnr: the Do Not Retry bit; dw0: CQE Dword 0 where it carries meaning (a
 * failed Copy: the lowest-numbered Source Range entry not copied, NVMCS 1.0 §3.2.2.1; Zone Append:
 * the ALBA with Dword 1, ZNS 1.1 §3.4.1); data: which blocks of the reads so far hold equal data;
 * report: a Report Zones answer; zones: every zone's state and write pointer after the step;
 * lost: QEMU gave no completion (the guest failed), never explained.
 */
export type Field = 'status' | 'dnr' | 'dw0' | 'data' | 'report' | 'zones' | 'lost';
