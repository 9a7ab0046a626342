// One Ajv 2020 instance per contract. Strict schema checking stays on so typos in the document
// (`minLenght`, a bad regex, `type: strng`) are refused, while the OpenAPI annotation keywords
// that are not JSON Schema are declared as vocabulary so they do not trip it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsNs from 'ajv-formats';
import { CUSTOM_FORMATS } from './formats.js';

const addFormats = addFormatsNs.default;

/** OpenAPI words that may sit where Ajv looks for schema keywords. */
const OAS_KEYWORDS = [
  // schema object annotations
  'example',
  'xml',
  'externalDocs',
  'discriminator',
  // the top level of the document itself: Ajv compiles the root when a $ref points into it
  'openapi',
  'info',
  'servers',
  'paths',
  'components',
  'webhooks',
  'security',
  'tags',
  'jsonSchemaDialect',
];

export function createAjv(extensionKeywords: Iterable<string>, unknownFormats: Iterable<string>): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strictSchema: true,
    // Type/tuple/required strictness only logs; OpenAPI documents legitimately omit `type: object`.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
    // The document is added as one schema; its own meta-validation would see OAS members.
    validateSchema: false,
    logger: false,
    inlineRefs: false,
    // Ajv's code optimiser costs about a third of compile time for no visible validation gain.
    code: { optimize: false },
  });
  addFormats(ajv);
  for (const [name, fn] of Object.entries(CUSTOM_FORMATS)) ajv.addFormat(name, { type: 'string', validate: fn });
  // A document may use formats nobody defines (`decimal`, `money`): they are annotations, not errors.
  for (const name of unknownFormats) if (!ajv.formats[name]) ajv.addFormat(name, true);
  ajv.addVocabulary([...new Set([...OAS_KEYWORDS, ...extensionKeywords])]);
  return ajv;
}

/** Formats Ajv knows once createAjv has run (ajv-formats + ours). */
export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
  ...Object.keys(CUSTOM_FORMATS),
]);
