/** Every probe family of the reliability benchmark, in the order they run. */
import { burstProbe } from './burst.js';
import { concurrencyProbe } from './concurrency.js';
import { crashProbe } from './crash.js';
import { forgetMeProbe } from './forget-me.js';
import { fuzzProbe } from './fuzz.js';
import type { Probe } from './keys.js';
import { rollbackProbe } from './rollback.js';
import { storeFaultsProbe } from './store-faults.js';

export const FAMILIES: [name: string, probe: Probe][] = [
  ['concurrency', concurrencyProbe],
  ['rollback', rollbackProbe],
  ['store-faults', storeFaultsProbe],
  ['forget-me', forgetMeProbe],
  ['crash', crashProbe],
  ['fuzz', fuzzProbe],
  ['burst', burstProbe],
];
