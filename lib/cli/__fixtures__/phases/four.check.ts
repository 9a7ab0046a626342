import { registerChecks } from '../../../checks/vitest.js';
import { span } from './spans.js';

// Nothing for the shared phase: this file registers no test there (and reports no skip).
registerChecks([span('FOUR-RATE', 100, { area: 'rate-limits' })]);
