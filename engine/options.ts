// Run-time checks of what TypeScript checks, for plain-JavaScript callers: options objects (an
// unknown key throws naming the class, the key and the known keys, with the camelCase spelling
// of a snake_case key; a value of the wrong type throws) and the words for a non-tensor argument.

/**
 * The type of one option: 'number', 'int' (an integer), 'boolean', 'string', 'function',
 * 'object', 'array', 'tensor' (checked by the caller), 'any', or a list of allowed values.
 * A trailing '?' allows null as well (undefined is always allowed: the option is absent).
 */
export type OptionType =
  | 'number'
  | 'int'
  | 'boolean'
  | 'string'
  | 'function'
  | 'object'
  | 'array'
  | 'any'
  | 'number?'
  | 'int?'
  | 'boolean?'
  | 'string?'
  | 'function?'
  | 'object?'
  | 'array?'
  | readonly (string | number | boolean | null)[];

export type OptionSpec = Record<string, OptionType>;

function camel(key: string): string {
  return key.replace(/_+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array [${v.slice(0, 4).map(String).join(', ')}${v.length > 4 ? ', …' : ''}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  return `${typeof v} ${String(v)}`;
}

function fits(t: OptionType, v: unknown): boolean {
  if (Array.isArray(t)) return t.includes(v as string);
  const nullable = (t as string).endsWith('?');
  if (v === null) return nullable;
  switch ((t as string).replace('?', '')) {
    case 'number':
      return typeof v === 'number' && !Number.isNaN(v);
    case 'int':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string';
    case 'function':
      return typeof v === 'function';
    case 'object':
      return typeof v === 'object';
    case 'array':
      return Array.isArray(v);
    default:
      return true;
  }
}

function typeName(t: OptionType): string {
  if (Array.isArray(t)) return `one of ${t.map((x) => (typeof x === 'string' ? `'${x}'` : String(x))).join(', ')}`;
  const base = (t as string).replace('?', '');
  const name = base === 'int' ? 'an integer' : base === 'array' ? 'an array' : base === 'object' ? 'an object' : `a ${base}`;
  return (t as string).endsWith('?') ? `${name} or null` : name;
}

/**
 * Checks an options object against its spec and returns it ({} for undefined, unless required).
 * `where` names the class or function in the message:
 * `LSTM: unknown option 'batch_first' (did you mean 'batchFirst'?)`.
 */
export function checkOptions<T>(where: string, opts: T, spec: OptionSpec, required = false): T {
  if (opts === undefined && !required) return {} as T;
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    const positional = typeof opts === 'number' ? " (PyTorch's positional arguments are named options here)" : '';
    throw new Error(
      `${where}: options must be an object like { ${Object.keys(spec).join(', ')} }${positional}, got ${opts === undefined ? 'undefined (a missing argument?)' : describe(opts)}`,
    );
  }
  const known = Object.keys(spec);
  for (const [key, v] of Object.entries(opts as object)) {
    if (!Object.hasOwn(spec, key)) {
      const c = camel(key);
      const hint =
        c !== key && known.includes(c)
          ? ` (did you mean '${c}'?)`
          : (known.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, '')) ?? null) !== null
            ? ` (did you mean '${known.find((k) => k.toLowerCase() === key.toLowerCase().replace(/_/g, ''))}'?)`
            : '';
      throw new Error(`${where}: unknown option '${key}'${hint}; known options: ${known.join(', ')}`);
    }
    if (v !== undefined && !fits(spec[key], v)) {
      throw new Error(`${where}: option '${key}' must be ${typeName(spec[key])}, got ${describe(v)}`);
    }
  }
  return opts;
}

/**
 * What was passed instead of a tensor, and what to pass: `undefined (a missing argument?)`,
 * `a nested JS array (wrap it: tensor([[…]]))`.
 */
export function describeNonTensor(v: unknown): string {
  if (v === undefined) return 'undefined (a missing argument?)';
  if (v === null) return 'null';
  if (Array.isArray(v) || ArrayBuffer.isView(v))
    return `${Array.isArray(v) && v.some((e) => Array.isArray(e)) ? 'a nested JS array' : 'a JS array'} (wrap it in a tensor: tensor(values))`;
  if (typeof v === 'number') return `the number ${v} (wrap it in a tensor: tensor(${v}))`;
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'object'}`;
  return typeof v;
}
