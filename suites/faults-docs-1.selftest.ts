// Share 1 of 2 of the docs revision's fault self-tests (suites/fault-tests.ts; why they are shared
// out: suites/faults.selftest.ts).
import { docsFaultTests } from './fault-tests.js';

docsFaultTests(1, 2);
