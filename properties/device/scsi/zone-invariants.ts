// Structural invariants of a host-managed zoned SCSI LU (ZONE-05), written at the level of ZBC-2 §4.5.3.

import { extentsOf, readRuns } from '../../../model/content/extent-map.js';
import { scsiSectorsPerBlock, scsiZoneCount } from '../../../model/device/scsi/config.js';
import type { ScsiLu } from '../../../model/device/scsi/lu.js';

export const checkScsiZoneInvariants = (lu: ScsiLu): string | null => {
  const z = lu.config.zoned;
  if (!z) return null;
  const k = scsiSectorsPerBlock(lu.config);
  let open = 0;
  for (const [key, zone] of Object.entries(lu.zones)) {
    const idx = Number(key);
    const start = idx * z.zoneSize;
    const end = start + z.zoneSize;
    if (idx < z.conventionalZones || idx >= scsiZoneCount(lu.config)) return `zone ${idx} is not a sequential write required zone but has condition ${zone.cond}`;
    if (zone.cond === 'IMPLICITLY_OPENED' || zone.cond === 'EXPLICITLY_OPENED') open++;
    if (zone.wp < start || zone.wp > end) return `zone ${idx} (${zone.cond}) write pointer ${zone.wp} outside [${start}, ${end}]`;
    const wpValid = zone.cond === 'IMPLICITLY_OPENED' || zone.cond === 'EXPLICITLY_OPENED' || zone.cond === 'CLOSED';
    if (wpValid && zone.wp === end) return `zone ${idx} is ${zone.cond} with its write pointer at the zone end; it must be FULL`;
    if (zone.cond === 'CLOSED' && zone.wp === start) return `zone ${idx} is CLOSED with its write pointer at the zone start; it must be EMPTY`;
  }
  if (z.maxOpen && open > z.maxOpen) return `${open} zones are open, MAXIMUM NUMBER OF OPEN SEQUENTIAL WRITE REQUIRED ZONES is ${z.maxOpen}`;
  const implicit = Object.entries(lu.zones).filter(([, v]) => v.cond === 'IMPLICITLY_OPENED').map(([i]) => Number(i));
  if (implicit.length !== lu.implicitOpen.length || implicit.some((i) => !lu.implicitOpen.includes(i))) return `implicitly-opened list [${lu.implicitOpen.join(', ')}] is not the set of IMPLICITLY OPENED zones [${implicit.join(', ')}]`;
  // No data at or above the write pointer: every zone the content shows data in, EMPTY ones included.
  const touched = new Set<number>(Object.keys(lu.zones).map(Number));
  for (const e of extentsOf(lu.content)) {
    if (e.src.kind === 'unwritten') continue;
    const first = Math.floor(e.start / k / z.zoneSize);
    const last = Math.floor((e.start + e.len - 1) / k / z.zoneSize);
    for (let i = Math.max(first, z.conventionalZones); i <= last && touched.size < 100_000; i++) touched.add(i);
  }
  for (const idx of touched) {
    const zone = lu.zones[idx];
    if (zone && zone.cond !== 'IMPLICITLY_OPENED' && zone.cond !== 'EXPLICITLY_OPENED' && zone.cond !== 'CLOSED') continue;
    const wp = zone?.wp ?? idx * z.zoneSize;
    const end = (idx + 1) * z.zoneSize;
    if (wp >= end) continue;
    if (readRuns(lu.content, wp * k, (end - wp) * k).some((r) => r.src.kind !== 'unwritten')) return `zone ${idx} (${zone?.cond ?? 'EMPTY'}) holds data at or above its write pointer ${wp}`;
  }
  return null;
};
