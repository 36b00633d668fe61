// The safetensors format (8-byte little-endian header length, JSON header of dtype / shape /
// data_offsets, then the raw little-endian data): a validating reader, a writer, module and
// optimizer checkpoints, and Node file helpers.
import { nodeFs, requireNode } from '../node-only.js';
import type { Module } from '../nn/module.js';
import type { Hyper, Optimizer } from '../optim/optimizer.js';
import { fmtShape, Tensor } from '../tensor.js';

/** Headers above this size are refused (the reference implementation's limit). */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Element sizes of the dtypes this reader converts to float32.
 * NOTE: F64, F16 and BF16 are read and converted to float32 (seqgrad tensors are float32);
 * integer and bool dtypes are refused with the tensor's name. The writer always writes F32.
 */
const READABLE: Record<string, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
const KNOWN = ['BOOL', 'U8', 'I8', 'U16', 'I16', 'U32', 'I32', 'U64', 'I64', 'F8_E4M3', 'F8_E5M2', 'F16', 'BF16', 'F32', 'F64'];

/** A decoded safetensors file. */
export interface SafetensorsFile {
  /** The tensors by name (float32; F64, F16 and BF16 are converted). */
  tensors: Record<string, Tensor>;
  /** The header's __metadata__ (string → string). */
  metadata: Record<string, string>;
}

/**
 * rec[key] = value as an own property even for the key __proto__ (which as an assignment would
 * replace the record's prototype and vanish), so every name in a file is an ordinary entry.
 */
function setEntry<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

function fail(msg: string): never {
  throw new Error(`safetensors: ${msg}`);
}

/** The top-level keys of a JSON object text, in order, to catch duplicates (JSON.parse keeps the last one silently). */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let i = 0;
  let expectKey = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      expectKey = false;
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
    i++;
  }
  return keys;
}

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Parses and validates a safetensors file; every malformed input throws an Error naming the problem. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < 8) fail(`truncated file: ${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = dv.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) fail(`header length ${n64} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  const n = Number(n64);
  if (8 + n > bytes.length) fail(`header length ${n} goes beyond the end of the file (${bytes.length} bytes)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('header must be a JSON object');
  const keys = topLevelKeys(text.trim());
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) fail(`duplicate key '${k}' in the header`);
    seen.add(k);
  }
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) fail('__metadata__ must be an object of strings');
      for (const [mk, mv] of Object.entries(v as Record<string, unknown>)) {
        if (typeof mv !== 'string') fail(`__metadata__ value '${mk}' must be a string, got ${typeof mv}`);
        setEntry(metadata, mk, mv);
      }
      continue;
    }
    if (name.length === 0) fail('empty tensor name in the header');
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`tensor '${name}': entry must be an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: off } = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string') fail(`tensor '${name}': missing dtype`);
    if (!KNOWN.includes(dtype)) fail(`tensor '${name}': unknown dtype '${dtype}'`);
    if (!(dtype in READABLE)) fail(`tensor '${name}': dtype ${dtype} is not supported (seqgrad reads F32, F64, F16 and BF16 into float32)`);
    if (!Array.isArray(shape)) fail(`tensor '${name}': shape must be an array`);
    for (const d of shape) {
      if (typeof d !== 'number' || !Number.isInteger(d)) fail(`tensor '${name}': shape ${JSON.stringify(shape)} has a non-integer dimension`);
      if (d < 0) fail(`tensor '${name}': negative dimension in shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
      fail(`tensor '${name}': data_offsets must be two non-negative integers, got ${JSON.stringify(off)}`);
    }
    const [begin, end] = off as number[];
    if (begin > end) fail(`tensor '${name}': data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataLen) fail(`tensor '${name}': data_offsets [${begin}, ${end}] are out of range (the data section has ${dataLen} bytes)`);
    // element count, refusing sizes that could not be in this file before multiplying further
    // (a zero dimension anywhere makes an empty tensor, whatever the other dimensions)
    let count = (shape as number[]).includes(0) ? 0 : 1;
    for (const d of count === 0 ? [] : (shape as number[])) {
      count *= d;
      if (count * READABLE[dtype] > dataLen)
        fail(`tensor '${name}': shape ${fmtShape(shape as number[])} declares more data than the file holds (${dataLen} bytes)`);
    }
    if (count * READABLE[dtype] !== end - begin)
      fail(`tensor '${name}': shape ${fmtShape(shape as number[])} of ${dtype} needs ${count * READABLE[dtype]} bytes, data_offsets give ${end - begin}`);
    entries.push({ name, dtype, shape: (shape as number[]).slice(), begin, end });
  }
  // the tensors must tile the data section exactly: no overlap, no gap, nothing after
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  for (const e of sorted) {
    if (e.begin < pos) fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap the previous tensor (which ends at ${pos})`);
    if (e.begin > pos) fail(`tensor '${e.name}': gap in the data section before offset ${e.begin} (previous data ends at ${pos})`);
    pos = e.end;
  }
  if (pos !== dataLen) fail(`the data section has ${dataLen} bytes but the tensors cover ${pos}`);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    const count = (e.end - e.begin) / READABLE[e.dtype];
    const out = new Float32Array(count);
    const base = dataStart + e.begin;
    if (e.dtype === 'F32') for (let i = 0; i < count; i++) out[i] = dv.getFloat32(base + 4 * i, true);
    else if (e.dtype === 'F64') for (let i = 0; i < count; i++) out[i] = dv.getFloat64(base + 8 * i, true);
    else if (e.dtype === 'F16') for (let i = 0; i < count; i++) out[i] = f16ToF32(dv.getUint16(base + 2 * i, true));
    else {
      const tmp = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        tmp.setUint32(0, dv.getUint16(base + 2 * i, true) << 16);
        out[i] = tmp.getFloat32(0);
      }
    }
    setEntry(tensors, e.name, new Tensor(out, e.shape));
  }
  return { tensors, metadata };
}

/** Serialises float32 tensors (and string metadata) into safetensors bytes (F32, little-endian, in key order). */
export function serializeSafetensors(record: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  if (record === null || typeof record !== 'object') fail('expected a record of tensors');
  const header: Record<string, unknown> = Object.create(null);
  if (metadata && Object.keys(metadata).length) {
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') fail(`metadata value '${k}' must be a string`);
    header.__metadata__ = metadata;
  }
  let off = 0;
  const list = Object.entries(record);
  for (const [name, t] of list) {
    if (name === '__metadata__' || name.length === 0) fail(`invalid tensor name '${name}'`);
    if (!(t instanceof Tensor)) fail(`'${name}' is not a Tensor`);
    header[name] = { dtype: 'F32', shape: t.shape.slice(), data_offsets: [off, off + 4 * t.size] };
    off += 4 * t.size;
  }
  let h = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (h.length % 8)) % 8;
  if (pad) {
    const p = new Uint8Array(h.length + pad).fill(0x20);
    p.set(h);
    h = p;
  }
  const out = new Uint8Array(8 + h.length + off);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  let pos = 8 + h.length;
  for (const [, t] of list) {
    const d = t._read('serializeSafetensors'); // a read: saving leaves packed copies valid
    for (let i = 0; i < d.length; i++) dv.setFloat32(pos + 4 * i, d[i], true);
    pos += 4 * d.length;
  }
  return out;
}

/** A module's stateDict() (or a record of tensors) as safetensors bytes. */
export function saveStateDict(moduleOrRecord: Module | Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  if (moduleOrRecord === null || typeof moduleOrRecord !== 'object')
    throw new Error(
      `io.saveStateDict: expected a Module or a record of tensors by name, got ${moduleOrRecord === undefined ? 'undefined (a missing argument?)' : typeof moduleOrRecord}`,
    );
  const rec = typeof (moduleOrRecord as Module).stateDict === 'function' ? (moduleOrRecord as Module).stateDict() : (moduleOrRecord as Record<string, Tensor>);
  return serializeSafetensors(rec, metadata);
}

/** The tensors of safetensors bytes (validated), ready for module.loadStateDict. */
export function loadStateDict(bytes: Uint8Array): Record<string, Tensor> {
  return parseSafetensors(bytes).tensors;
}

// ---- optimizer state: buffers as tensors `optimizer.state.<param index>.<buffer>`, step counts
// and param groups as JSON in the metadata key `optimizer`.

const OPT_PREFIX = 'optimizer.state.';

function optimizerParts(opt: Optimizer<Hyper>): { tensors: Record<string, Tensor>; meta: string } {
  const sd = opt.stateDict();
  const tensors: Record<string, Tensor> = {};
  const steps: Record<string, number> = {};
  for (const [i, entry] of Object.entries(sd.state)) {
    steps[i] = entry.step;
    for (const [b, v] of Object.entries(entry))
      if (b !== 'step') tensors[`${OPT_PREFIX}${i}.${b}`] = new Tensor(Float32Array.from(v as Float32Array), [(v as Float32Array).length]);
  }
  return { tensors, meta: JSON.stringify({ steps, paramGroups: sd.paramGroups }) };
}

function restoreOptimizer(opt: Optimizer<Hyper>, file: SafetensorsFile): void {
  const raw = file.metadata.optimizer;
  if (raw === undefined) fail('no optimizer state in this file (metadata key "optimizer" is missing)');
  let parsed: { steps: Record<string, number>; paramGroups: (Hyper & { params: number[] })[] };
  try {
    parsed = JSON.parse(raw);
  } catch {
    fail('optimizer metadata is not valid JSON');
  }
  if (!parsed || typeof parsed.steps !== 'object' || !Array.isArray(parsed.paramGroups)) fail('optimizer metadata must hold steps and paramGroups');
  const state: Record<number, { step: number; [buf: string]: number | Float32Array }> = {};
  for (const [i, step] of Object.entries(parsed.steps)) state[Number(i)] = { step };
  for (const [name, t] of Object.entries(file.tensors)) {
    if (!name.startsWith(OPT_PREFIX)) continue;
    const rest = name.slice(OPT_PREFIX.length);
    const dot = rest.indexOf('.');
    const i = Number(rest.slice(0, dot));
    if (dot < 0 || !state[i]) fail(`optimizer buffer '${name}' belongs to no saved parameter state`);
    state[i][rest.slice(dot + 1)] = t.toArray();
  }
  opt.loadStateDict({ state, paramGroups: parsed.paramGroups });
}

/** What a training checkpoint holds (saveCheckpoint / loadCheckpoint): any subset of these. */
export interface Checkpoint {
  /** The model (its stateDict), or a record of named tensors. */
  module?: Module | Record<string, Tensor>;
  /** The optimizer: its buffers and step counts, and the groups' hyper-parameters. */
  optimizer?: Optimizer<Hyper>;
  /** Anything with stateDict() returning JSON-able data (the LR schedulers). */
  scheduler?: { stateDict(): Record<string, unknown>; loadStateDict(sd: Record<string, unknown>): void };
  /** Extra string metadata (epoch, notes). */
  metadata?: Record<string, string>;
}

/**
 * One safetensors file holding a module's parameters (under their stateDict names), the
 * optimizer's buffers and step counts, and a scheduler's state, so training resumes exactly.
 */
export function saveCheckpoint(ck: Checkpoint): Uint8Array {
  const tensors: Record<string, Tensor> = Object.create(null);
  const metadata: Record<string, string> = Object.assign(Object.create(null), { format: 'pt' }, ck.metadata ?? {});
  if (ck.module) {
    const rec = typeof (ck.module as Module).stateDict === 'function' ? (ck.module as Module).stateDict() : (ck.module as Record<string, Tensor>);
    for (const [k, v] of Object.entries(rec)) {
      if (k.startsWith(OPT_PREFIX)) fail(`parameter name '${k}' collides with the optimizer's prefix`);
      tensors[k] = v;
    }
  }
  if (ck.optimizer) {
    const { tensors: ot, meta } = optimizerParts(ck.optimizer);
    Object.assign(tensors, ot);
    metadata.optimizer = meta;
  }
  // Infinity (ReduceLROnPlateau's initial best) is not JSON: keep it as a string
  if (ck.scheduler) metadata.scheduler = JSON.stringify(ck.scheduler.stateDict(), (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return serializeSafetensors(tensors, metadata);
}

/** Restores what saveCheckpoint wrote into the given module / optimizer / scheduler; returns the metadata. */
export function loadCheckpoint(
  bytes: Uint8Array,
  into: Omit<Checkpoint, 'metadata' | 'module'> & { module?: Module; strict?: boolean },
): Record<string, string> {
  const file = parseSafetensors(bytes);
  if (into.module) {
    const params: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(file.tensors)) if (!k.startsWith(OPT_PREFIX)) setEntry(params, k, v);
    into.module.loadStateDict(params, into.strict ?? true);
  }
  if (into.optimizer) restoreOptimizer(into.optimizer, file);
  if (into.scheduler) {
    const raw = file.metadata.scheduler;
    if (raw === undefined) fail('no scheduler state in this file (metadata key "scheduler" is missing)');
    into.scheduler.loadStateDict(JSON.parse(raw, (_, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v)));
  }
  return file.metadata;
}

/** Writes a module's parameters (or a record of tensors) to a .safetensors file (Node). */
export async function save(moduleOrRecord: Module | Record<string, Tensor>, path: string, metadata?: Record<string, string>): Promise<void> {
  requireNode('io.save', 'use io.saveStateDict(model), which returns the bytes (then a Blob download or IndexedDB)');
  if (typeof path !== 'string')
    throw new Error(
      `io.save: path must be a string (a file path), got ${path === undefined ? 'undefined (a missing argument?)' : typeof path}; io.save(model, 'model.safetensors')`,
    );
  const { writeFile } = await nodeFs();
  await writeFile(path, saveStateDict(moduleOrRecord, metadata));
}

/** Reads a .safetensors file into a record of tensors (Node). */
export async function load(path: string): Promise<Record<string, Tensor>> {
  requireNode('io.load', 'use io.loadStateDict(bytes) on the bytes of a fetch() or a file input');
  if (typeof path !== 'string')
    throw new Error(`io.load: path must be a string (a file path), got ${path === undefined ? 'undefined (a missing argument?)' : typeof path}`);
  const { readFile } = await nodeFs();
  return loadStateDict(new Uint8Array(await readFile(path)));
}
