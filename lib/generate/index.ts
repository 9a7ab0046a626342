// lib/generate: fast-check arbitraries derived from the contract's schemas.
export { cpf, cnpj, phoneBR, money, futureDate, personName, companyName, email, cpfDigits, cnpjDigits } from './brazil.js';
export { fromSchema, type SchemaHints } from './schema.js';
export { invalidFromSchema, invalidSites, RULE_KEYWORDS, type InvalidRule, type InvalidValue, type InvalidOptions } from './invalid.js';
export { validRequest, invalidRequest, hasInvalidRequests, type ValidRequest, type InvalidRequest } from './requests.js';
export { propertyOptions, checkProperty, type PropertyRun } from './seed.js';
export { stringViolations, fitsString } from './constraints.js';
export {
  coveragePlan, coveragePlans, memberBreaks, memberBoundaries, memberRules, fullValue,
  type CoveragePlan, type CoverageCase, type CoverageRule, type CoverageRequest, type CoverageBase, type UnreachableRule,
} from './coverage.js';
