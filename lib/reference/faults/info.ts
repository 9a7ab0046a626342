import type { Area } from '../../checks/types.js';

export interface FaultInfo {
  area: Area;
  /** The rule it breaks, in words. */
  breaks: string;
}
