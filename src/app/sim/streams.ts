import { seededRandom, type RandomSource } from '../../domain/ports.ts';
import type { StreamFactory } from '../../domain/sim/timeline.ts';

/**
 * The seed of one random stream of a scenario (a 32-bit mix of the scenario seed and the stream
 * number, so neighbouring streams don't start one step apart in the generator's sequence).
 * `simulate` prints the ones a server needs (`--random-seed`, `--telephony-seed`).
 * @example streamSeed(7, SimStream.Telephony);
 */
export function streamSeed(seed: number, stream: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) % 0x7fffffff;
}

/** The scenario's streams: stream n is `seededRandom(streamSeed(seed, n))`. */
export function scenarioStreams(seed: number): StreamFactory {
  return (stream: number): RandomSource => seededRandom(streamSeed(seed, stream));
}
