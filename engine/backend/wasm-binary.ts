// Readers of the wasm binary format that the loader (wasm.ts) and the tools (profiles, tests)
// need: unsigned LEB128 integers, the list of sections, and the names of the exported functions
// (the builds carry no name section). No side effects: anything may import it.

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
export function leb(b: Uint8Array, at: number): [number, number] {
  let v = 0,
    shift = 0,
    byte: number;
  do {
    byte = b[at++];
    v += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [v, at];
}

/** A section of a module: its id, where its id byte is, where its body starts and ends. */
export interface Section {
  id: number;
  start: number;
  body: number;
  end: number;
}

/** The sections of module `b`, in order. */
export function sections(b: Uint8Array): Section[] {
  const out: Section[] = [];
  for (let at = 8; at < b.length; ) {
    const [size, body] = leb(b, at + 1);
    out.push({ id: b[at], start: at, body, end: body + size });
    at = body + size;
  }
  return out;
}

/** Function index → export name (the first name an index is exported under). */
export function exportNames(b: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  for (const s of sections(b)) {
    if (s.id !== 7) continue;
    let [count, p] = leb(b, s.body);
    for (; count > 0; count--) {
      let len: number, index: number;
      [len, p] = leb(b, p);
      const name = new TextDecoder().decode(b.subarray(p, p + len));
      p += len;
      const kind = b[p++];
      [index, p] = leb(b, p);
      if (kind === 0 && !names.has(index)) names.set(index, name);
    }
  }
  return names;
}
