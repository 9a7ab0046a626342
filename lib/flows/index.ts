// lib/flows: composable steps over CheckContext that take a target from nothing to the state a
// check needs (customers, KYC, offers, simulations, loans), failing with evidence on the way.

export * from './capabilities.js';
export * from './credit.js';
export * from './customers.js';
export * from './data.js';
export * from './dates.js';
export * from './events.js';
export * from './files.js';
export * from './http.js';
export * from './journeys.js';
export * from './loan-states.js';
export * from './loans.js';
export * from './money.js';
export * from './pages.js';
export * from './revision/dialect.js';
export * from './revision/kyc.js';
export * from './revision/terms.js';
export * from './revision/values.js';
