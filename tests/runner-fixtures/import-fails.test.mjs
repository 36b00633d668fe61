import { suite } from 'uvu';
import { missing } from './no-such-module.mjs';

const s = suite('never loaded');
s('a', () => missing());
s.run();
