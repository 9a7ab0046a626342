// lib/generate: fast-check arbitraries derived from the contract's schemas.
export { cnpj, cnpjDigits, companyName, cpf, cpfDigits, email, futureDate, money, personName, phoneBR } from './brazil.js';
export { fitsString, stringViolations } from './constraints.js';
export {
  type CoverageBase,
  type CoverageCase,
  type CoveragePlan,
  type CoverageRequest,
  type CoverageRule,
  coveragePlan,
  coveragePlans,
  fullValue,
  memberBoundaries,
  memberBreaks,
  memberRules,
  type UnreachableRule,
} from './coverage.js';
export { type InvalidOptions, type InvalidRule, type InvalidValue, invalidFromSchema, invalidSites, RULE_KEYWORDS } from './invalid.js';
export { hasInvalidRequests, type InvalidRequest, invalidRequest, type ValidRequest, validRequest } from './requests.js';
export { fromSchema, type SchemaHints } from './schema.js';
export { checkProperty, type PropertyRun, propertyOptions } from './seed.js';
