// lib/flows: composable steps over CheckContext that take a target from nothing to the state a
// check needs (customers, KYC, offers, simulations, loans), failing with evidence on the way.
export * from './data.js';
export * from './money.js';
export * from './dates.js';
export * from './files.js';
export * from './http.js';
export * from './customers.js';
export * from './credit.js';
export * from './loans.js';
export * from './loan-states.js';
export * from './pages.js';
export * from './events.js';
export * from './journeys.js';
export * from './capabilities.js';
export * from './revision/dialect.js';
export * from './revision/values.js';
export * from './revision/kyc.js';
export * from './revision/terms.js';
