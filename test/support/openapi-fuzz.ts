import fc from 'fast-check';

/**
 * fast-check arbitraries driven by the API's own OpenAPI document: requests that are valid by
 * the document, near misses (one field missing, of the wrong type, one too many, huge, odd
 * unicode), prototype-pollution keys, and anything at all, for every operation it lists.
 */

type JsonSchema = Record<string, any>;

export interface OpenApiDoc {
  paths?: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  /** the document's path template, e.g. /cases/{caseId}/state */
  path: string;
  operation: any;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      method,
      path,
      operation: item[method],
    })),
  );
}

function resolve(schema: JsonSchema | undefined, doc: OpenApiDoc): JsonSchema {
  if (!schema) return {};
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc.components?.schemas?.[name], doc);
  }
  return schema;
}

/** Text as people type it: letters, spaces, emoji, combining marks, right-to-left, zero-width. */
const ODD_TEXT = [
  'Zoë',
  'שלום',
  '👩🏽‍🦱 safe',
  'a\u0000b',
  '\u200b',
  'e\u0301',
  '\ud800',
  ' padded ',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
];
const humanText = (minLength: number, maxLength: number) => {
  // chosen here rather than by .filter, which would retry for ever when none fits
  const odd = ODD_TEXT.filter((text) => text.length >= minLength && text.length <= maxLength);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength, maxLength }) },
    ...(odd.length > 0 ? [{ weight: 1, arbitrary: fc.constantFrom(...odd) }] : []),
  );
};

const isoDateTime = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('Z', '+01:00'),
      date.toISOString().replace(/\.\d+Z$/, 'Z'),
    ),
  );
const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

/** Values worth trying for fields of these names (the seeded organisation, officer, team…), besides generated ones. */
export type FieldHints = Record<string, readonly unknown[]>;

/** A value the schema accepts, as far as JSON Schema can say (cross-field rules may still refuse it). */
export function valueFor(
  schemaOrRef: JsonSchema | undefined,
  doc: OpenApiDoc,
  hints: FieldHints = {},
  depth = 0,
): fc.Arbitrary<unknown> {
  const schema = resolve(schemaOrRef, doc);
  const next = (child: JsonSchema | undefined) => valueFor(child, doc, hints, depth + 1);
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((alternative: JsonSchema) => next(alternative)));
  if (Array.isArray(schema.allOf)) {
    return fc.tuple(...schema.allOf.map((part: JsonSchema) => next(part))).map((parts) => Object.assign({}, ...parts));
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type: string) => valueFor({ ...schema, type }, doc, hints, depth + 1)));
  }
  switch (schema.type) {
    case 'object': {
      const properties: Record<string, JsonSchema> = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => {
          const hinted = hints[name];
          return [
            name,
            hinted?.length
              ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, { weight: 1, arbitrary: next(property) })
              : next(property),
          ];
        }),
      );
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name: string) => name in properties) });
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(next(schema.items), {
        minLength,
        maxLength: Math.min(schema.maxItems ?? minLength + 4, minLength + 4),
      });
    }
    case 'string': {
      if (schema.format === 'date-time') return isoDateTime;
      if (schema.format === 'date') return isoDate;
      if (schema.format === 'uuid') return fc.uuid();
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = schema.minLength ?? 0;
      return humanText(minLength, Math.min(schema.maxLength ?? minLength + 40, minLength + 40));
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000, max: schema.maximum ?? (schema.minimum ?? 0) + 1_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The wrong thing for a field: another JSON type, or anything at all. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    '',
    ' ',
    'true',
    '2025-13-45',
    '00000000-0000-0000-0000-000000000000',
    [],
    {},
    [null],
    { $gt: '' },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
);

const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'actor',
  'caseId',
  'requestId',
];

/** A valid body with one thing wrong: a key missing, a value of the wrong type, one key too many. */
function nearMiss(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.nat(), wrongValue, fc.constantFrom(...POLLUTING_KEYS, 'unexpected', 'Organisationid', ''))
    .map(([value, pick, wrong, extraKey]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong;
      const keys = Object.keys(value);
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const mode = pick % 4;
      if (keys.length > 0 && mode === 0) delete copy[keys[pick % keys.length]!];
      else if (keys.length > 0 && mode === 1) copy[keys[pick % keys.length]!] = wrong;
      else if (keys.length > 0 && mode === 2) {
        const key = keys[pick % keys.length]!;
        copy[key] =
          typeof copy[key] === 'object' && copy[key] !== null ? nearMissShallow(copy[key], pick, wrong) : wrong;
      } else
        Object.defineProperty(copy, extraKey, { value: wrong, enumerable: true, configurable: true, writable: true });
      return copy;
    });
}

function nearMissShallow(value: unknown, pick: number, wrong: unknown): unknown {
  if (Array.isArray(value))
    return value.length > 0 ? value.map((item, index) => (index === pick % value.length ? wrong : item)) : [wrong];
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) copy.unexpected = wrong;
  else if (pick % 2 === 0) delete copy[keys[pick % keys.length]!];
  else copy[keys[pick % keys.length]!] = wrong;
  return copy;
}

/** Every string in a valid body made huge (up to just over the 64 kB limit). */
function withHugeStrings(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .tuple(valid, fc.constantFrom(1_000, 20_000, 70_000), fc.constantFrom('x', 'é', '😀', '\u202e'))
    .map(([value, size, unit]) =>
      JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
        typeof item === 'string' ? unit.repeat(Math.ceil(size / unit.length)) : item,
      ),
    );
}

/** JSON text with keys JSON.stringify would never write as own properties of a parsed object. */
function withPrototypeKeys(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(valid, fc.constantFrom('__proto__', 'constructor', 'prototype')).map(([value, key]) => {
    const polluting =
      key === 'constructor' ? '{"prototype":{"polluted":true}}' : '{"polluted":true,"role":"admin","isAdmin":true}';
    const text = JSON.stringify(value ?? {});
    return text.startsWith('{') && text !== '{}'
      ? `{"${key}":${polluting},${text.slice(1)}`
      : `{"${key}":${polluting}}`;
  });
}

const deeplyNested = fc.integer({ min: 100, max: 5_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);
const deeplyNestedObject = fc
  .integer({ min: 100, max: 3_000 })
  .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** A request body: the JSON text (or bytes) to send, with how it was made, for the report. */
export type FuzzBody = { kind: string; text: string | Uint8Array } | undefined;

export function bodyFor(
  schema: JsonSchema | undefined,
  doc: OpenApiDoc,
  hints: FieldHints = {},
): fc.Arbitrary<FuzzBody> {
  const valid = schema ? valueFor(schema, doc, hints) : fc.constant({});
  const json = (kind: string, arbitrary: fc.Arbitrary<unknown>) =>
    arbitrary.map((value): FuzzBody => ({ kind, text: JSON.stringify(value) ?? 'null' }));
  const raw = (kind: string, arbitrary: fc.Arbitrary<string | Uint8Array>) =>
    arbitrary.map((text): FuzzBody => ({ kind, text }));
  return fc.oneof(
    { weight: 6, arbitrary: json('valid', valid) },
    { weight: 6, arbitrary: json('near-miss', nearMiss(valid)) },
    { weight: 2, arbitrary: json('huge-strings', withHugeStrings(valid)) },
    { weight: 2, arbitrary: raw('prototype-keys', withPrototypeKeys(valid)) },
    {
      weight: 2,
      arbitrary: json('anything', fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true })),
    },
    { weight: 1, arbitrary: json('json-value', fc.jsonValue()) },
    {
      weight: 2,
      arbitrary: raw(
        'not-json',
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom(
            '',
            ' ',
            'null',
            '[]',
            '"text"',
            '1e999',
            '-0',
            '{',
            '{"a":1,}',
            "{'a':1}",
            '{"a":1}{"b":2}',
            '\ufeff{}',
            'NaN',
            '{"a":1e999999}',
          ),
          deeplyNested,
          deeplyNestedObject,
        ),
      ),
    },
    { weight: 1, arbitrary: raw('bytes', fc.uint8Array({ maxLength: 300 })) },
    {
      weight: 1,
      arbitrary: raw(
        'huge',
        fc.constantFrom(70_000, 200_000).map((size) => `{"a":"${'x'.repeat(size)}"}`),
      ),
    },
    { weight: 1, arbitrary: fc.constant<FuzzBody>(undefined) },
  );
}

/** encodeURIComponent, which throws on a lone surrogate: those are sent as U+FFFD, as a browser would. */
export const encodeSegment = (value: string): string =>
  encodeURIComponent(
    value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

/** A path segment that is not what the route wants: encoded or raw, odd or huge. */
export const junkSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).map(encodeSegment),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encodeSegment),
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '%00',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'toString',
    '-1',
    '0',
    '1e3',
    '1.5',
    '99999999999999999999',
    'NaN',
    ' ',
    '%20',
  ),
  fc.uuid(),
  fc.constantFrom(100, 2_000, 6_000).map((size) => 'a'.repeat(size)),
);

/** The raw query string for an operation: its own parameters (valid or not), repeated, unknown or malformed. */
export function queryFor(parameters: any[], doc: OpenApiDoc): fc.Arbitrary<string> {
  const names = parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name as string);
  const own =
    names.length > 0
      ? fc.constantFrom(...parameters.filter((parameter) => parameter.in === 'query')).chain((parameter) =>
          fc
            .oneof(
              valueFor(parameter.schema, doc).map(String),
              wrongValue.map((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''))),
            )
            .map((value) => `${encodeSegment(parameter.name)}=${encodeSegment(value)}`),
        )
      : fc.constant('');
  const odd = fc.oneof(
    fc.constantFrom(
      'limit=1&limit=2',
      'limit[]=1',
      'limit[a]=1',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      'a=%',
      '%%%',
      '&&',
      '=',
      'offset=-0',
      'limit=0x10',
      'limit=1e2',
      'offset=Infinity',
      'breached=TRUE',
      'status=open&status=closed',
    ),
    fc
      .tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 50 }))
      .map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`),
  );
  return fc
    .array(fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: odd }), { maxLength: 4 })
    .map((parts) => parts.filter(Boolean).join('&'));
}

/** What every answer must be: below 500, and problem+json (naming its own status) when it refuses. */
export function answerProblems(
  method: string,
  status: number,
  contentType: string | null,
  text: string,
): string | undefined {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!contentType?.startsWith('application/problem+json'))
    return `answered ${status} as ${contentType ?? 'no content type'}: ${text.slice(0, 200)}`;
  if (method === 'HEAD') return undefined;
  try {
    const problem = JSON.parse(text) as { status?: unknown; title?: unknown };
    if (problem.status !== status || typeof problem.title !== 'string')
      return `answered ${status} with a problem that says ${text.slice(0, 200)}`;
  } catch {
    return `answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  return undefined;
}
