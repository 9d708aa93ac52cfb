// The designs live in model/designs/ (one module each); this re-export keeps the stack's imports short.
export { DESIGN_NAMES, DESIGNS, designOf, isDesignName, type Design, type DesignName } from '../designs/index.js';
