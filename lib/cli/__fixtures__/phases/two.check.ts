import { registerChecks } from '../../../checks/vitest.js';
import { span } from './spans.js';

registerChecks([span('TWO-A', 300), span('TWO-RATE', 150, { area: 'rate-limits' }), span('TWO-ALONE', 150, { exclusive: true })]);
