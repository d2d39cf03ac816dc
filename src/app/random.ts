import { randomBytes } from 'node:crypto';
import type { RandomSource } from '../domain/ports.ts';

/** Cryptographic randomness for ids in production (the simulator injects a seeded source). */
export const cryptoRandom: RandomSource = {
  next(): number {
    return randomBytes(6).readUIntBE(0, 6) / 2 ** 48;
  },
};
