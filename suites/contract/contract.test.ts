import { registerChecks } from '../../lib/checks/vitest.js';
import { checks } from './checks.js';

registerChecks(checks);
