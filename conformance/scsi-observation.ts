// What one SCSI step looks like from the host, on either side of the comparison: the status, the
// sense key / ASC / ASCQ and COMMAND-SPECIFIC INFORMATION, for a READ(16) one key per block (whose
// only use is equality), for REPORT ZONES the descriptors, on a zoned LU every zone's condition and
// write pointer after the step, and the RECEIVE COPY OPERATING PARAMETERS limits. Also the parser of
// what scsi-batch printed on the guest console (format in conformance/guest/scsi-batch.c).

/** A zone's condition code (ZBC-2 REPORT ZONES ZONE CONDITION) and, where it has one, its write pointer. */
export type ScsiZoneView = { readonly cond: number; readonly wp: number | null };
export type ScsiZoneRow = ScsiZoneView & { readonly type: number; readonly start: number };

export type ScsiObservation = {
  readonly step: number;
  readonly cmd: string;
  /** 0 GOOD, 2 CHECK CONDITION (SAM-6 status codes). */
  readonly status: number;
  readonly key: number;
  readonly asc: number;
  readonly ascq: number;
  readonly commandSpecific: number;
  readonly blocks?: readonly string[];
  readonly report?: readonly ScsiZoneRow[];
  readonly zonesAfter?: readonly ScsiZoneView[];
  readonly params?: Readonly<Record<string, number>>;
  /** Guest side only: the command did not complete as a SCSI command (SG_IO error, guest lost). */
  readonly failure?: string;
  /** Guest side only: the harness did not send the command (why); the step is not compared. */
  readonly notSent?: string;
};

/** Conditions whose write pointer ZBC-2 gives meaning: EMPTY 1h, IMPLICITLY/EXPLICITLY OPENED 2h/3h, CLOSED 4h. */
export const wpValidCond = (cond: number): boolean => cond >= 1 && cond <= 4;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type RawScsiStep = Mutable<ScsiObservation>;

/** Per LU id, per step number: what the guest reported; harness errors; whether the batch ended. */
export type ScsiGuestOutput = { readonly steps: ReadonlyMap<number, ReadonlyMap<number, RawScsiStep>>; readonly errors: readonly string[]; readonly done: number };

const zoneView = (cond: number, wp: number): ScsiZoneView => ({ cond, wp: wpValidCond(cond) ? wp : null });

export const parseScsiGuestOutput = (text: string): ScsiGuestOutput => {
  const steps = new Map<number, Map<number, RawScsiStep>>();
  const errors: string[] = [];
  let done = 0;
  const at = (lu: number, step: number): RawScsiStep | undefined => steps.get(lu)?.get(step);
  for (const raw of text.split(/\r?\n/)) {
    const m = /@([A-Z]+)(?: (.*))?$/.exec(raw);
    if (!m) continue;
    const [tag, rest = ''] = [m[1]!, m[2]];
    const f = rest.trim().split(/\s+/);
    const lu = Number(f[0]);
    const step = Number(f[1]);
    switch (tag) {
      case 'S': {
        const st = Number(f[2]);
        const rec: RawScsiStep = { step, cmd: '', status: st, key: Number(f[3]), asc: Number(f[4]), ascq: Number(f[5]), commandSpecific: Number(f[8]) };
        if (st < 0) rec.failure = st <= -1000 ? `SG_IO host status ${-1000 - st}` : `SG_IO failed (errno ${-st})`;
        if (!steps.has(lu)) steps.set(lu, new Map());
        steps.get(lu)!.set(step, rec);
        break;
      }
      case 'D': {
        const rec = at(lu, step);
        if (rec) rec.blocks = f.slice(2);
        break;
      }
      case 'Q': {
        const rec = at(lu, step);
        if (rec) {
          rec.report = f.slice(2).map((d) => {
            const [type, cond, start, , wp] = d.split(':').map(Number) as [number, number, number, number, number];
            return { type, start, ...zoneView(cond, wp) };
          });
        }
        break;
      }
      case 'Z': {
        const rec = at(lu, step);
        if (rec && f[2] !== 'error') {
          rec.zonesAfter = f.slice(2).map((d) => {
            const [cond, wp] = d.split(':').map(Number) as [number, number];
            return zoneView(cond, wp);
          });
        }
        break;
      }
      case 'P': {
        const rec = at(lu, step);
        if (rec) rec.params = Object.fromEntries(f.slice(2).map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)]));
        break;
      }
      case 'E':
        errors.push(rest);
        break;
      case 'DONE':
        done += 1;
        break;
      default:
        break;
    }
  }
  return { steps, errors, done };
};
