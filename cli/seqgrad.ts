#!/usr/bin/env node
// The seqgrad command: `seqgrad demo --list`, `seqgrad demo NAME [options]`, `seqgrad demos`,
// `seqgrad translate train|eval|run …` (the commands live in ./commands.ts).
import { spawnSync } from 'node:child_process';

// Node 20–21 keep relaxed SIMD (FMA) behind a flag: run again with it, so the faster kernel
// build is picked (Node ≥ 22 and browsers have it on by default).
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22 && !process.execArgv.includes(RELAXED_FLAG) && process.env.SEQGRAD_NO_REEXEC !== '1') {
  const r = spawnSync(process.execPath, [RELAXED_FLAG, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { run } = await import('./commands.js');
process.exitCode = await run(process.argv.slice(2));
