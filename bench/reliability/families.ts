/** Every probe family of the reliability benchmark, in the order they run. */
import { burstProbe } from './burst.js';
import { concurrencyProbe } from './concurrency.js';
import { crashProbe } from './crash.js';
import { forgetMeProbe } from './forget-me.js';
import { fuzzProbe } from './fuzz.js';
import type { Key, Probe } from './keys.js';
import { rollbackProbe } from './rollback.js';
import { storeFaultsProbe } from './store-faults.js';

export const FAMILIES: [name: string, probe: Probe, keys: Key[]][] = [
  ['concurrency', concurrencyProbe, ['concurrent_votes_lost', 'concurrent_follows_lost']],
  ['rollback', rollbackProbe, ['rollback_writes_lost']],
  ['store-faults', storeFaultsProbe, ['store_faults_tried', 'store_faults_unclear']],
  ['forget-me', forgetMeProbe, ['forget_me_traces']],
  ['crash', crashProbe, ['crash_trials', 'crash_duplicates', 'crash_lost', 'crash_unrecorded', 'restart_blocked_s_max']],
  ['fuzz', fuzzProbe, ['fuzz_commands', 'fuzz_failures', 'mention_escapes', 'over_limit_replies']],
  ['burst', burstProbe, ['slack_ack_p99_ms', 'discord_reply_p99_ms']],
];
