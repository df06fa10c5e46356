import { useId } from 'react';
import { words } from './format';

/** The part of JSON Schema (OpenAPI 3.1) that the API's request bodies use. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
}

export type Resolve = (schema: JsonSchema) => JsonSchema;
export type Value = unknown;

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null') : schema.type;

/** The variants of a union told apart by a one-value `kind`, as the API's commands are. */
function variantsOf(schema: JsonSchema, resolve: Resolve): { kind: string; schema: JsonSchema }[] | undefined {
  const variants = (schema.oneOf ?? schema.anyOf)?.map(resolve);
  if (!variants) return undefined;
  const kinds = variants.map((variant) => variant.properties?.kind?.enum?.[0]);
  if (kinds.some((kind) => typeof kind !== 'string')) return undefined;
  return variants.map((variant, index) => ({ kind: kinds[index] as string, schema: variant }));
}

/** What a form's value becomes as a request body: untouched and empty fields left out. */
export function bodyOf(value: Value): Value {
  if (Array.isArray(value)) return value.map(bodyOf);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, Value>)
      .map(([key, inner]) => [key, bodyOf(inner)] as const)
      .filter(([, inner]) => inner !== undefined && inner !== '');
    return Object.fromEntries(entries);
  }
  return value;
}

interface FieldProps {
  name: string;
  schema: JsonSchema;
  resolve: Resolve;
  value: Value;
  onChange: (value: Value) => void;
  required: boolean;
}

function Hint({ id, schema }: { id: string; schema: JsonSchema }) {
  return schema.description ? (
    <p id={id} className="hint">
      {schema.description}
    </p>
  ) : null;
}

/** One field of a request body, drawn from its schema: the form cannot ask for what the API does not take. */
export function SchemaField({ name, schema: raw, resolve, value, onChange, required }: FieldProps) {
  const id = useId();
  const schema = resolve(raw);
  const label = `${words(name)}${required ? '' : ' (optional)'}`;
  const hintId = `${id}-hint`;
  const described = schema.description ? hintId : undefined;
  const variants = variantsOf(schema, resolve);
  const type = typeOf(schema);

  if (variants) {
    const chosen = (value as { kind?: string } | undefined)?.kind;
    const variant = variants.find((candidate) => candidate.kind === chosen);
    return (
      <fieldset>
        <legend>{label}</legend>
        <Hint id={hintId} schema={schema} />
        <label htmlFor={id}>Kind</label>
        <select
          id={id}
          value={chosen ?? ''}
          onChange={(event) => onChange(event.target.value ? { kind: event.target.value } : undefined)}
        >
          <option value="">Choose…</option>
          {variants.map((candidate) => (
            <option key={candidate.kind} value={candidate.kind}>
              {words(candidate.kind)}
            </option>
          ))}
        </select>
        {variant && (
          <ObjectFields schema={variant.schema} resolve={resolve} value={value} onChange={onChange} skip={['kind']} />
        )}
      </fieldset>
    );
  }
  if (type === 'object') {
    return (
      <fieldset>
        <legend>{label}</legend>
        <Hint id={hintId} schema={schema} />
        <ObjectFields schema={schema} resolve={resolve} value={value} onChange={onChange} />
      </fieldset>
    );
  }
  if (type === 'array') {
    const items = resolve(schema.items ?? {});
    const list = (value as Value[] | undefined) ?? [];
    if (items.enum) {
      return (
        <fieldset className="choices" aria-describedby={described}>
          <legend>{label}</legend>
          <Hint id={hintId} schema={schema} />
          {items.enum.map((option) => (
            <label key={String(option)}>
              <input
                type="checkbox"
                checked={list.includes(option)}
                onChange={(event) =>
                  onChange(event.target.checked ? [...list, option] : list.filter((other) => other !== option))
                }
              />{' '}
              {words(String(option))}
            </label>
          ))}
        </fieldset>
      );
    }
    if (typeOf(items) === 'string') {
      return (
        <>
          <label htmlFor={id}>{label} (one per line)</label>
          <Hint id={hintId} schema={schema} />
          <textarea
            id={id}
            aria-describedby={described}
            value={list.join('\n')}
            onChange={(event) => onChange(event.target.value.split('\n').filter((line) => line.trim() !== ''))}
          />
        </>
      );
    }
    return (
      <fieldset>
        <legend>{label}</legend>
        <Hint id={hintId} schema={schema} />
        {list.map((item, index) => (
          <div key={index} className="array-item">
            <SchemaField
              name={`${words(name)} ${index + 1}`}
              schema={items}
              resolve={resolve}
              value={item}
              required
              onChange={(changed) => onChange(list.map((other, at) => (at === index ? changed : other)))}
            />
            <button type="button" onClick={() => onChange(list.filter((_, at) => at !== index))}>
              Remove {words(name)} {index + 1}
            </button>
          </div>
        ))}
        {(schema.maxItems === undefined || list.length < schema.maxItems) && (
          <button type="button" onClick={() => onChange([...list, undefined])}>
            Add {words(name)}
          </button>
        )}
      </fieldset>
    );
  }
  if (type === 'boolean') {
    return (
      <>
        <label>
          <input
            type="checkbox"
            aria-describedby={described}
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />{' '}
          {label}
        </label>
        <Hint id={hintId} schema={schema} />
      </>
    );
  }
  const common = { id, 'aria-describedby': described, required };
  let input;
  if (schema.enum) {
    input = (
      <select
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">{required ? 'Choose…' : 'Not given'}</option>
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {words(String(option))}
          </option>
        ))}
      </select>
    );
  } else if (type === 'integer' || type === 'number') {
    input = (
      <input
        {...common}
        type="number"
        min={schema.minimum}
        max={schema.maximum}
        value={value === undefined ? '' : String(value)}
        onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    );
  } else if (schema.format === 'date-time') {
    input = (
      <input
        {...common}
        type="datetime-local"
        onChange={(event) =>
          onChange(event.target.value === '' ? undefined : new Date(event.target.value).toISOString())
        }
      />
    );
  } else if (schema.format === 'date') {
    input = (
      <input
        {...common}
        type="date"
        value={(value as string) ?? ''}
        onChange={(event) => onChange(event.target.value || undefined)}
      />
    );
  } else if ((schema.maxLength ?? 0) > 300) {
    input = (
      <textarea
        {...common}
        minLength={schema.minLength}
        maxLength={schema.maxLength}
        value={(value as string) ?? ''}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  } else {
    input = (
      <input
        {...common}
        autoComplete="off"
        minLength={schema.minLength}
        maxLength={schema.maxLength}
        value={(value as string) ?? ''}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <Hint id={hintId} schema={schema} />
      {input}
    </>
  );
}

export function ObjectFields({
  schema,
  resolve,
  value,
  onChange,
  skip = [],
}: {
  schema: JsonSchema;
  resolve: Resolve;
  value: Value;
  onChange: (value: Value) => void;
  skip?: string[];
}) {
  const object = (value as Record<string, Value> | undefined) ?? {};
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([name]) => !skip.includes(name))
        .map(([name, property]) => (
          <SchemaField
            key={name}
            name={name}
            schema={property}
            resolve={resolve}
            value={object[name]}
            required={schema.required?.includes(name) ?? false}
            onChange={(changed) => onChange({ ...object, [name]: changed })}
          />
        ))}
    </>
  );
}
