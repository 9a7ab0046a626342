import type { Area } from '../../types.js';

export interface FaultInfo {
  area: Area;
  /** The rule it breaks, in words. */
  breaks: string;
}
