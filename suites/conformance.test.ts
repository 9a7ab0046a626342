// Every check of the catalogue as vitest tests of one file (lib/checks/vitest.ts): one context and
// one scheduler for the whole run, as runChecks has in-process.
import { registerChecks } from '../lib/checks/vitest.js';
import { loadCatalogue } from './catalogue.js';

registerChecks(await loadCatalogue());
