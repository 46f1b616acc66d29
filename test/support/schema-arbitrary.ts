import fc from 'fast-check';

/** The part of JSON Schema (as the OpenAPI document writes it) that our request schemas use. */
export interface JsonSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly nullable?: boolean;
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Text a careless parser, database or renderer trips on, up to `huge` characters long. */
function hostileStrings(huge: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 5 }), loneSurrogate, fc.string({ maxLength: 5 })).map((parts) => parts.join('')) },
    {
      weight: 2,
      arbitrary: fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202e', '😀', 'İı', 'ё', '\ufeff', '%', '%zz', '..', '../../etc', "' or 1=1 --", '"', '\\', '*', '_%', 'null', '-1', '1e400', 'NaN', '2020-02-30', '9999-99-99'),
    },
    // A long run of ASCII, of Cyrillic, of four-byte characters or of NULs.
    { weight: 1, arbitrary: fc.constantFrom('x', 'ж', '😀', '\u0000').chain((c) => fc.integer({ min: huge / 4, max: huge }).map((n) => c.repeat(n))) },
  );
}

/** Hostile text for bodies: huge is 200,000 characters (bodies may be up to 20 MB). */
export const hostileString = hostileStrings(200_000);

/**
 * Hostile text for addresses. Node refuses a request line over 16 KB before any of our code runs,
 * so a URL's parts stay short enough to reach it.
 */
export const hostileUrlText = hostileStrings(1_000);

/** Any JSON value, mostly small, sometimes of the wrong shape entirely, with `text` for its strings. */
function hostileValueOf(text: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: text },
    fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 31), 1e308, -1e-308, 0.5)),
    fc.boolean(),
    fc.constant(null),
    fc.array(text, { maxLength: 3 }),
    fc.dictionary(text, text, { maxKeys: 3 }),
  );
}

export const hostileValue = hostileValueOf(hostileString);
const hostileUrlValue = hostileValueOf(hostileUrlText);

/**
 * Values for a schema: mostly values it accepts, mixed with wrong types, hostile strings, missing
 * required fields and unknown fields, at every depth.
 */
export function schemaArbitrary(schema: JsonSchema, where: 'body' | 'url' = 'body'): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: conforming(schema, where) }, { weight: 1, arbitrary: where === 'url' ? hostileUrlValue : hostileValue });
}

function conforming(schema: JsonSchema, where: 'body' | 'url'): fc.Arbitrary<unknown> {
  const base = conformingBase(schema, where);
  return schema.nullable ? fc.oneof(fc.constant(null), base) : base;
}

function conformingBase(schema: JsonSchema, where: 'body' | 'url'): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.oneOf ?? schema.anyOf;
  if (choices) return fc.oneof(...choices.map((c) => schemaArbitrary(c, where)));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(schemaArbitrary(schema.items ?? {}, where), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object':
      return objectOf(schema, where);
    default:
      return where === 'url' ? hostileUrlValue : hostileValue;
  }
}

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
}

function objectOf(schema: JsonSchema, where: 'body' | 'url'): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, schemaArbitrary(s, where)]));
  const requiredKeys = (schema.required ?? []).filter((k) => k in properties);
  const record = fc.record(model, { requiredKeys });
  const extra =
    typeof schema.additionalProperties === 'object' ? fc.dictionary(fc.string({ maxLength: 10 }), schemaArbitrary(schema.additionalProperties, where), { maxKeys: 3 }) : fc.constant({});
  const filled = fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
  return fc.oneof(
    { weight: 6, arbitrary: filled },
    // A required field left out.
    { weight: 1, arbitrary: fc.tuple(filled, fc.nat()).map(([r, n]) => withoutKey(r, requiredKeys[n % Math.max(requiredKeys.length, 1)])) },
    // A field nobody asked for.
    { weight: 1, arbitrary: fc.tuple(filled, where === 'url' ? hostileUrlText : hostileString, where === 'url' ? hostileUrlValue : hostileValue).map(([r, k, v]) => ({ ...r, [k]: v })) },
  );
}

function withoutKey(record: Record<string, unknown>, key: string | undefined): Record<string, unknown> {
  if (key === undefined) return record;
  const { [key]: _left, ...rest } = record;
  return rest;
}
