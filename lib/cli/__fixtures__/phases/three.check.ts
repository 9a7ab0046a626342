import { registerChecks } from '../../../checks/vitest.js';
import { span } from './spans.js';

// Nothing for the exclusive phase: this file is not run again.
registerChecks([span('THREE-A', 300)]);
