import fc from 'fast-check';
import { loadContract } from '../index.js';
import { validRequest } from '../../generate/requests.js';
const c = await loadContract();
for (const op of ['createCustomer', 'createLoan', 'createWebhookEndpoint', 'createSimulation', 'listCustomers', 'uploadDocument', 'createToken']) console.log(op, JSON.stringify(fc.sample(validRequest(c, op), { numRuns: 2, seed: 9 })));
