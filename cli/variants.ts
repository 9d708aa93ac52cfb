// `copyspec variants`: the known-bad variants (deliberately broken device and stack models), one a line.

import { DEVICE_BUGS } from '../model/device/nvme/bugs.js';
import { SCSI_BUGS } from '../model/device/scsi/bugs.js';
import { STACK_BUGS } from '../model/block/bugs.js';
import { command } from './options.js';

export const VARIANTS = command({
  name: 'variants',
  summary: 'list the known-bad variants (deliberately broken device and stack models), one a line: name, layer, what is broken',
  options: {},
  run: (_o, _f, out) => {
    for (const [name, what] of Object.entries(DEVICE_BUGS)) out(`${name.padEnd(32)} device  ${what}`);
    for (const [name, what] of Object.entries(SCSI_BUGS)) out(`${name.padEnd(32)} scsi    ${what}`);
    for (const [name, what] of Object.entries(STACK_BUGS)) out(`${name.padEnd(32)} stack   ${what}`);
    return 0;
  },
});
