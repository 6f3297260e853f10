/**
 * The OAuth `state` parameter, issued once and accepted once. Bolt's default state store signs a JWT that stays
 * valid for its whole lifetime, so a captured redirect URL and cookie could be replayed; this one keeps every
 * issued state in the project's store (`slackoauthstate`) and deletes it when it is used. A state is
 * `nonce.issuedAt.hmac`: a forged one fails the HMAC (SLACK_STATE_SECRET) before the store is read, a replayed
 * or unknown one is not in the store, an old one has expired. Bolt also checks that the state matches the
 * browser's cookie it set on `/slack/install`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { Collection, Store } from '../../../src/store/store.js';

export const STATE_COLLECTION = 'slackoauthstate';
/** How long an install link stays valid: Bolt's state cookie lives as long. */
export const STATE_TTL_SECONDS = 600;

interface IssuedState {
  installOptions: InstallURLOptions;
  expiresAtMs: number;
}

/** A refused state: Bolt answers 400 for this code. */
export class InvalidStateError extends Error {
  readonly code = 'slack_oauth_invalid_state';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}

/** A `StateStore` whose states work once, kept in `store`. */
export function createOneTimeStateStore(store: Store, stateSecret: string, ttlSeconds = STATE_TTL_SECONDS): StateStore {
  const issued: Collection<IssuedState> = store.collection<IssuedState>(STATE_COLLECTION);
  const inFlight = new Set<string>();
  const mac = (payload: string) => createHmac('sha256', stateSecret).update(payload).digest('base64url');
  return {
    async generateStateParam(installOptions, now) {
      await dropExpired(issued, now.getTime());
      const nonce = randomBytes(24).toString('base64url');
      const payload = `${nonce}.${now.getTime()}`;
      await issued.set(nonce, { installOptions, expiresAtMs: now.getTime() + ttlSeconds * 1000 });
      return `${payload}.${mac(payload)}`;
    },
    async verifyStateParam(now, state) {
      const [nonce, issuedAt, signature] = state.split('.');
      if (!nonce || !issuedAt || !signature || !sameText(signature, mac(`${nonce}.${issuedAt}`))) {
        throw new InvalidStateError('The state parameter was not issued by this app.');
      }
      if (inFlight.has(nonce)) throw new InvalidStateError('The state parameter is already being used.');
      inFlight.add(nonce);
      try {
        const record = await issued.get(nonce);
        if (!record || !(await issued.delete(nonce))) throw new InvalidStateError('The state parameter was already used or is unknown.');
        if (record.expiresAtMs < now.getTime()) throw new InvalidStateError('The state parameter has expired: start the installation again.');
        return record.installOptions;
      } finally {
        inFlight.delete(nonce);
      }
    },
  };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Forget states nobody used in time, so abandoned install pages do not pile up. */
async function dropExpired(issued: Collection<IssuedState>, nowMs: number): Promise<void> {
  for (const [nonce, record] of await issued.entries()) {
    if (record.expiresAtMs < nowMs) await issued.delete(nonce);
  }
}
