// `import … from 'copyspec'`: the public API, curated. What is exported here is what a patch author
// needs to check a property on a design, or on a design of their own, from their own code: the
// models (reducers and scenario runners), the designs, the properties, the checkers, the file
// schemas and the known-bad variants. Everything else under dist/ is internal and may change.
// The vitest helper is `copyspec/vitest` (lib/vitest.ts).

// Designs: the built-in ones, and running one's own (a Design derived from a built-in one).
export { DESIGN_NAMES, DESIGNS, designOf, isDesignName, withDesigns } from '../model/designs/index.js';
export type { Design, DesignName } from '../model/designs/index.js';
export type { Declared, DesignOrigin, DriverSetup } from '../model/designs/design.js';
export { DECLARED, expectedVerdict, variantDesign, type Expected } from '../properties/designs.js';

// Properties (stable IDs; spec/PROPERTIES.md).
export { DEVICE_PROPERTIES } from '../properties/device/properties.js';
export { SCSI_PROPERTIES } from '../properties/device/scsi/properties.js';
export { STACK_PROPERTIES } from '../properties/stack/properties.js';
export { LAYER_PROPERTIES } from '../properties/stack/layer-properties.js';
export type { DeviceProperty, Layer, LayerProperty, PropertyFamily, PropertyMeta, StackProperty } from '../properties/property.js';
export type { ScsiProperty, ScsiTrace } from '../properties/device/scsi/trace.js';

// Checkers: fast-check over random cases, shrunk counterexamples (what `copyspec check` runs).
export { checkDeviceProperty, type CheckParams, type Verdict } from '../properties/check-device.js';
export { checkScsiProperty, type ScsiVerdict } from '../properties/device/scsi/check.js';
export { checkLayerProperty, checkStackProperty, SHRINK_BUDGET, stackScenarioOf, type StackVerdict } from '../properties/check-stack.js';
export { checkOnDesign, replayCommandOf, resolveDesign, saveCounterexample, stackCounterexample, type CheckOnDesignOptions, type DesignChoice } from './check.js';
export { stackCaseArb, type StackCase } from '../properties/stack/generators.js';
export { traceStack, type StackTrace } from '../properties/stack/trace.js';
export { traceDeviceScenario, type DeviceTrace } from '../properties/device/trace.js';
export { traceScsiScenario } from '../properties/device/scsi/trace.js';

// Models: the stack's reducer and the scenario runners.
export { stackInit } from '../model/stack/init.js';
export { stackEnabled } from '../model/stack/enabled.js';
export { stackStep } from '../model/stack/step.js';
// A state's op records (done ops live outside the per-step copy: model/stack/ops.ts).
export { opAt, opsOf } from '../model/stack/ops.js';
export type { HostOp, StackAction, StackConfig, StackEvent, StackFault, StackState } from '../model/stack/state.js';
export { runDeviceScenario } from '../model/scenario/run-device.js';
export { runScsiScenario } from '../model/scenario/run-scsi.js';
export { runStack, runStackScenario, stackConfigOf, type StackRun } from '../model/scenario/run-stack.js';
export { nvmeExecute, nvmeInject } from '../model/device/nvme/execute.js';
export { scsiExecute, scsiInject } from '../model/device/scsi/execute.js';

// Known-bad variants (`copyspec variants`).
export { DEVICE_BUGS, isDeviceBug, type DeviceBug } from '../model/device/nvme/bugs.js';
export { SCSI_BUGS, isScsiBug, type ScsiBug } from '../model/device/scsi/bugs.js';
export { STACK_BUGS, isStackBug, type StackBug } from '../model/block/bugs.js';

// Files: the zod schemas copyspec validates with, and their JSON Schemas (schema/).
export { deviceScenarioSchema, describeZodError, type DeviceScenario, type DeviceScenarioInput } from '../model/scenario/schema.js';
export { scsiScenarioSchema, type ScsiScenario, type ScsiScenarioInput } from '../model/scenario/scsi-schema.js';
export { stackScenarioSchema, type StackScenario, type StackScenarioInput } from '../model/scenario/stack-schema.js';
export { COUNTEREXAMPLE_FORMAT, counterexampleSchema, type Counterexample } from '../properties/counterexample.js';
export { jsonSchemas } from './json-schema.js';
