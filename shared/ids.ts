import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A monotonic ULID: 48 bits of milliseconds then 80 random bits, in Crockford base 32. Ids
 * sort by creation time, and within one millisecond of this process by creation order (the
 * random part is incremented), so listings keyed on them come out in the order things happened.
 */
export function newId(now: number = Date.now()): string {
  let random: number[];
  if (now <= lastTime) {
    random = [...lastRandom];
    for (let i = random.length - 1; i >= 0; i--) {
      random[i] = ((random[i] as number) + 1) % 32;
      if (random[i] !== 0) break;
    }
  } else {
    const bytes = randomBytes(16);
    // Start low in the range so that increments within the millisecond never wrap.
    random = [...bytes].map((b, i) => (i === 0 ? b % 16 : b % 32));
    lastTime = now;
  }
  lastRandom = random;
  let time = '';
  let t = lastTime;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + random.map((n) => ALPHABET[n]).join('');
}
