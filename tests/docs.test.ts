// The API reference (scripts/docs.mjs): the extractor on a hand-written declaration graph, and the
// ratchet on the real one — no more exported declarations without a doc comment than recorded.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// @ts-expect-error: a plain .mjs script without declarations
import { collect, MAX_UNDOCUMENTED } from '../../scripts/docs.mjs';

interface Unique {
  name: string;
  doc: string | null;
  source: string;
}
const api = collect as (entry?: string) => { unique: Unique[]; sections: Map<string, unknown[]> };

const test = suite('docs');

test('the extractor follows re-exports, namespaces and augmentations, and reads each doc comment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seqgrad-docs-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(
    join(dir, 'index.d.ts'),
    [
      "import './aug.js';",
      "export { A, type Opts, f as g } from './a.js';",
      "export * as sub from './sub/index.js';",
      '/** documented const */',
      'export declare const c: number;',
      'export declare function undocumented(x: number): {',
      '    y: number;',
      '};',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'a.d.ts'),
    [
      '/** A class. */',
      'export declare class A {',
      '    /** documented field */',
      '    readonly x: number;',
      '    y: number;',
      '    private z;',
      '    _internal: number;',
      '    constructor(x: number);',
      '    /** overload 1 */',
      '    m(a: number): number;',
      '    m(a: string): string;',
      '    get n(): number;',
      '}',
      'export interface Opts {',
      '    /** documented option */',
      '    p?: number;',
      '    q: {',
      '        nested: number;',
      '    };',
      '}',
      '/** f */',
      'export declare function f(): void;',
      'export declare function notExported(): void;',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'aug.d.ts'),
    [
      "declare module './a.js' {",
      '    interface A {',
      '        /** augmented */',
      '        plus(o: A): A;',
      '        minus(o: A): A;',
      '    }',
      '}',
      'export {};',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'sub', 'index.d.ts'), "export { f as h } from '../a.js';\n/** S */\nexport type S = string;\n");
  const { unique } = api(join(dir, 'index.d.ts'));
  const got = Object.fromEntries(unique.map((u) => [u.name, u.doc]));
  assert.equal(got, {
    A: 'A class.',
    'A.x': 'documented field',
    'A.y': null,
    'A.m': 'overload 1',
    'A.n': null,
    'A.plus': 'augmented',
    'A.minus': null,
    Opts: null,
    'Opts.p': 'documented option',
    'Opts.q': null,
    g: 'f',
    'sub.S': 'S',
    c: 'documented const',
    undocumented: null,
  });
});

test(`the public API: at most ${MAX_UNDOCUMENTED} exported declarations without a doc comment (the ratchet)`, () => {
  const { unique } = api();
  const names = new Set(unique.map((u) => u.name));
  for (const n of [
    'Tensor',
    'Tensor.view',
    'zeros',
    'cat',
    'nn.LSTM',
    'nn.LSTM.forward',
    'nn.RNNOptions.batchFirst',
    'optim.Adam',
    'data.DataLoader',
    'io.saveStateDict',
    'seq2seq.Translator',
  ]) {
    assert.ok(names.has(n), `${n} is listed`);
  }
  const undocumented = unique.filter((u) => !u.doc);
  console.log(`  docs: ${unique.length} exported declarations, ${undocumented.length} without a doc comment (ratchet ${MAX_UNDOCUMENTED})`);
  assert.ok(undocumented.length <= MAX_UNDOCUMENTED, `${undocumented.length} undocumented (> ${MAX_UNDOCUMENTED}); node scripts/docs.mjs --list shows them`);
});

test.run();
