import { registerChecks } from '../../../checks/vitest.js';
import { span } from './spans.js';

// The catalogue's shape in small: one file, checks that must run alone (they move the clock,
// exhaust a rate limit, or say so) listed among the others.
registerChecks([
  span('A-ONE', 300),
  span('CLOCK', 150, { needs: ['stateful', 'clock'] }),
  span('A-TWO', 200),
  span('RATE', 150, { area: 'rate-limits' }),
  span('A-THREE', 300),
  span('ALONE', 150, { exclusive: true }),
  span('A-FOUR', 300),
  span('RATE-TWO', 100, { area: 'rate-limits' }),
]);
