// Guard mode (SEQGRAD_GUARD=1, or setGuard(true) in a test): every heap block and scratch
// allocation is surrounded by canary bytes, checked after every kernel call whose pointer
// arguments fall in a guarded region, when a scratch scope closes and when a block is freed. An
// overrun throws at the kernel that caused it. Off by default: it costs a lookup per pointer argument.
//
// | region layout | bytes               | contents                                              |
// |---------------|---------------------|-------------------------------------------------------|
// | front guard   | GUARD_BYTES         | canary                                                |
// | user data     | `bytes` (requested) | what the caller asked for (64-byte aligned start)     |
// | tail guard    | to the aligned end + GUARD_BYTES | canary (catches overruns of a few floats) |
import { heap } from './backend/wasm.js';

/** Canary bytes on each side of a guarded region (a multiple of the 64-byte alignment). */
export const GUARD_BYTES = 64;

interface Region {
  lo: number;
  user: number;
  bytes: number;
  hi: number;
  what: string;
}

const env = typeof process !== 'undefined' ? process.env?.SEQGRAD_GUARD : undefined;
let enabled = env !== undefined && env !== '' && env !== '0';
const listeners: (() => void)[] = [];

/** Sorted by lo; regions never overlap. */
const regions: Region[] = [];
const byUser = new Map<number, Region>();
export const guardStats = { kernelCalls: 0, checks: 0, overruns: 0 };

export function guardEnabled(): boolean {
  return enabled;
}

/**
 * Turns guard mode on or off for allocations made from now on (blocks made before keep their
 * layout); returns the previous setting.
 */
export function setGuard(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  if (prev !== on) for (const f of listeners) f();
  return prev;
}

/** Called when guard mode is switched (the backend re-selects its wrapped or raw kernel table). */
export function onGuardChange(f: () => void): void {
  listeners.push(f);
}

const canary = (addr: number) => (addr * 167 + 0x5b) & 0xff;

function paint(from: number, to: number): void {
  const u8 = heap.u8();
  for (let a = from; a < to; a++) u8[a] = canary(a);
}

/** First address in [from, to) whose canary was overwritten, or −1. */
function damaged(from: number, to: number): number {
  const u8 = heap.u8();
  for (let a = from; a < to; a++) if (u8[a] !== canary(a)) return a;
  return -1;
}

function find(addr: number): Region | null {
  let lo = 0;
  let hi = regions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid].lo <= addr) lo = mid + 1;
    else hi = mid;
  }
  const r = regions[lo - 1];
  return r && addr < r.hi ? r : null;
}

/**
 * Guards the region [lo, hi): the caller's `bytes` start at lo + GUARD_BYTES; everything else is
 * painted with canaries. Returns the caller's pointer.
 */
export function guardRegion(lo: number, hi: number, bytes: number, what: string): number {
  const user = lo + GUARD_BYTES;
  const r: Region = { lo, user, bytes, hi, what };
  paint(lo, user);
  paint(user + bytes, hi);
  let i = regions.length;
  while (i > 0 && regions[i - 1].lo > lo) i--;
  regions.splice(i, 0, r);
  byUser.set(user, r);
  return user;
}

/** Checks and forgets the region whose caller pointer is `user`; returns its lo, or −1 when it is not guarded. */
export function unguardRegion(user: number, when: string): number {
  const r = byUser.get(user);
  if (!r) return -1;
  byUser.delete(user);
  regions.splice(regions.indexOf(r), 1);
  check(r, when); // forgotten first: an overrun is reported once
  return r.lo;
}

function check(r: Region, when: string): void {
  guardStats.checks++;
  let a = damaged(r.lo, r.user);
  if (a < 0) a = damaged(r.user + r.bytes, r.hi);
  if (a < 0) return;
  guardStats.overruns++;
  paint(r.lo, r.user); // report each overrun once
  paint(r.user + r.bytes, r.hi);
  const where = a < r.user ? `${r.user - a} bytes before its start` : `${a - r.user - r.bytes} bytes past its end`;
  throw new Error(`guard: ${when} wrote outside ${r.what} (${r.bytes} bytes at ${r.user}): byte ${a} is ${where}`);
}

/** Checks the region containing addr, if any. */
export function checkAt(addr: number, when: string): void {
  const r = find(addr);
  if (r) check(r, when);
}

/** Checks every guarded region (tests; and the summary at exit). */
export function checkAll(when: string): void {
  for (const r of regions.slice()) check(r, when);
}

/**
 * The kernel table with a canary check after every call, on each region a pointer argument
 * falls in (dimension arguments that happen to fall in one only cost a check).
 */
export function guardKernels<T extends object>(table: T, backend: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) {
    if (typeof f !== 'function') {
      out[name] = f;
      continue;
    }
    out[name] = (...args: number[]) => {
      const r = (f as (...a: number[]) => unknown)(...args);
      guardStats.kernelCalls++;
      for (const a of args) if (a >= GUARD_BYTES) checkAt(a, `kernel ${name} (${backend})`);
      return r;
    };
  }
  return out as T;
}

if (enabled && typeof process !== 'undefined') {
  process.on('exit', () => {
    let late = '';
    try {
      checkAll('a kernel (found at exit)');
    } catch (e) {
      late = ` — ${(e as Error).message}`;
    }
    process.stderr.write(
      `seqgrad guard: ${guardStats.kernelCalls} kernel calls and ${guardStats.checks} canary checks, ${guardStats.overruns} overruns${late}\n`,
    );
    if (guardStats.overruns > 0) process.exitCode = 1; // even one a caller swallowed
  });
}
