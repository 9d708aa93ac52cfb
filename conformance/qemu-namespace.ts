// How a scenario's device becomes a QEMU 7.2 namespace: the `-device nvme-ns` properties
// (hw/nvme/ns.c nvme_ns_props) and the controller properties it needs (hw/nvme/ctrl.c nvme_props:
// `mdts`, `zoned.auto_transition`), so that namespaces alike in the latter share a controller.

import { zoneCount } from '../model/device/nvme/config.js';
import { namespaceConfig } from '../model/scenario/run-device.js';
import type { DeviceConfigEntry } from '../model/scenario/schema.js';

/** Properties of the controller a namespace needs; namespaces with equal keys share one. */
export const controllerKey = (d: DeviceConfigEntry): string => `mdts=${d.mdts},zoned.auto_transition=${d.zoned ? d.zoned.autoTransition : true}`;

/**
 * A zone limit as QEMU takes it: a limit of at least the number of zones never binds, and QEMU
 * refuses one above the number of zones (ns.c nvme_ns_zoned_check_calc_geometry), so say 0.
 */
const zoneLimit = (limit: number, zones: number): number => (limit >= zones ? 0 : limit);

/**
 * Why QEMU cannot stand for this device, or null. QEMU sets max_open to max_active when only
 * max_active is given (nvme_ns_zoned_check_calc_geometry), so "active limited, open not" has no QEMU form.
 */
export const unsupportedDevice = (d: DeviceConfigEntry): string | null => {
  if (!d.zoned) return null;
  const zones = zoneCount(namespaceConfig(d));
  if (zoneLimit(d.zoned.maxActive, zones) && !zoneLimit(d.zoned.maxOpen, zones)) {
    return `device ${d.name}: maxActive without maxOpen has no QEMU form (QEMU sets max_open to max_active)`;
  }
  return null;
};

/** The `-device nvme-ns` property list (without drive, bus, nsid). */
export const namespaceProperties = (d: DeviceConfigEntry): string[] => {
  const lb = d.lbaBytes;
  const props = [`logical_block_size=${lb}`, `physical_block_size=${lb}`];
  // QEMU 7.2 always supports Copy (Q-OCFS); a device without Copy keeps QEMU's defaults.
  if (d.copy) props.push(`mssrl=${d.copy.mssrl}`, `mcl=${d.copy.mcl}`, `msrc=${d.copy.msrc}`);
  if (d.zoned) {
    const zones = zoneCount(namespaceConfig(d));
    props.push(
      'zoned=true',
      `zoned.zone_size=${d.zoned.zoneSize * lb}`,
      `zoned.zone_capacity=${d.zoned.zoneCap * lb}`,
      `zoned.max_open=${zoneLimit(d.zoned.maxOpen, zones)}`,
      `zoned.max_active=${zoneLimit(d.zoned.maxActive, zones)}`,
      `zoned.cross_read=${d.zoned.crossRead}`,
    );
  }
  return props;
};
