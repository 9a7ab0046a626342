import { registerChecks } from '../../../checks/vitest.js';
import { span } from './spans.js';

registerChecks([span('ONE-A', 300), span('ONE-CLOCK', 150, { needs: ['stateful', 'clock'] }), span('ONE-B', 200)]);
