import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { RandomSource } from '../../domain/ports.ts';
import type { Endpoint } from '../../ports/telephony.ts';

/**
 * A tenant's telephony rules for the simulated driver (`NOTES.md` §10): how virtual outside
 * numbers and agent devices behave. Every field is optional; what is missing falls back to
 * {@link DEFAULT_NUMBER_RULE} / {@link DEFAULT_AGENT_DEVICES}.
 *
 * - `numbers`: rules for outside numbers, tried in order; the first whose `pattern` (a regular
 *   expression over the E.164 number) matches wins; no match → the default rule.
 *   - `ringSeconds`: a number, or `{ min, max }` drawn uniformly.
 *   - `outcome`: `answer | busy | no_answer | reject | fail`, or weights such as
 *     `{ answer: 0.8, busy: 0.2 }` (normalised, so they need not sum to 1).
 *   - `talkSeconds`: a number, or `{ distribution: 'fixed', seconds }`,
 *     `{ distribution: 'uniform', min, max }`, `{ distribution: 'exponential', mean, max? }`,
 *     `{ distribution: 'lognormal', median, sigma, max? }`.
 *   - `hangup`: `callee` (the number hangs up after its talk time), `caller` (it never hangs up
 *     by itself; our side ends the call), or `{ callee: p }` (callee with probability p).
 * - `agentDevices`: `ringSeconds` before an automatic answer, and `answer: 'auto' | 'by_hand'`
 *   (by hand: it rings until the workspace answers or rejects, or the ring timeout). Agent
 *   devices never hang up by themselves: the agent hangs up through the core.
 *
 * `busy` and `fail` end the leg at once (no ringing); `reject` rings for the ring time first;
 * `no_answer` rings until the core's ring timeout.
 *
 * @example
 * const rules: TelephonyRules = {
 *   numbers: [
 *     { pattern: '^\\+1555', ringSeconds: { min: 2, max: 8 }, outcome: { answer: 0.8, busy: 0.1, no_answer: 0.1 },
 *       talkSeconds: { distribution: 'lognormal', median: 90, sigma: 0.5, max: 900 }, hangup: { callee: 0.7 } },
 *     { pattern: '^\\+44', outcome: 'fail' },
 *   ],
 *   agentDevices: { ringSeconds: 1, answer: 'by_hand' },
 * };
 */
export const SecondsSpec = Type.Union([
  Type.Number({ minimum: 0 }),
  Type.Object({ min: Type.Number({ minimum: 0 }), max: Type.Number({ minimum: 0 }) }, { additionalProperties: false }),
]);

export const SimOutcome = {
  Answer: 'answer',
  Busy: 'busy',
  NoAnswer: 'no_answer',
  Reject: 'reject',
  Fail: 'fail',
} as const;
export type SimOutcome = (typeof SimOutcome)[keyof typeof SimOutcome];
const OUTCOMES: readonly SimOutcome[] = Object.values(SimOutcome);

const Weight = Type.Number({ minimum: 0 });
export const OutcomeSpec = Type.Union([
  ...OUTCOMES.map((o) => Type.Literal(o)),
  Type.Object(
    { answer: Type.Optional(Weight), busy: Type.Optional(Weight), no_answer: Type.Optional(Weight), reject: Type.Optional(Weight), fail: Type.Optional(Weight) },
    { additionalProperties: false },
  ),
]);

const Positive = Type.Number({ minimum: 0 });
export const TalkSpec = Type.Union([
  Positive,
  Type.Object({ distribution: Type.Literal('fixed'), seconds: Positive }, { additionalProperties: false }),
  Type.Object({ distribution: Type.Literal('uniform'), min: Positive, max: Positive }, { additionalProperties: false }),
  Type.Object({ distribution: Type.Literal('exponential'), mean: Positive, max: Type.Optional(Positive) }, { additionalProperties: false }),
  Type.Object(
    { distribution: Type.Literal('lognormal'), median: Positive, sigma: Positive, max: Type.Optional(Positive) },
    { additionalProperties: false },
  ),
]);

export const HangupSpec = Type.Union([
  Type.Literal('caller'),
  Type.Literal('callee'),
  Type.Object({ callee: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
]);

export const NumberRuleSpec = Type.Object(
  {
    pattern: Type.String({ minLength: 1, maxLength: 256, description: 'regular expression over the E.164 number' }),
    ringSeconds: Type.Optional(SecondsSpec),
    outcome: Type.Optional(OutcomeSpec),
    talkSeconds: Type.Optional(TalkSpec),
    hangup: Type.Optional(HangupSpec),
    /** Calling in: how long the caller waits in a queue before hanging up (absent: waits until served). */
    patienceSeconds: Type.Optional(TalkSpec),
  },
  { additionalProperties: false },
);

export const AgentDevicesSpec = Type.Object(
  { ringSeconds: Type.Optional(SecondsSpec), answer: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('by_hand')])) },
  { additionalProperties: false },
);

/** The schema a later issue puts into the tenant file (`telephony:`). */
export const TelephonyRulesSpec = Type.Object(
  { numbers: Type.Optional(Type.Array(NumberRuleSpec, { maxItems: 500 })), agentDevices: Type.Optional(AgentDevicesSpec) },
  { additionalProperties: false },
);

export type Seconds = Static<typeof SecondsSpec>;
export type TalkSeconds = Static<typeof TalkSpec>;
export type NumberRule = Static<typeof NumberRuleSpec>;
export type AgentDevices = Static<typeof AgentDevicesSpec>;
export type TelephonyRules = Static<typeof TelephonyRulesSpec>;

/** Outside numbers: ring 3–6 s, answer, talk 60–120 s, then the far end hangs up. */
export const DEFAULT_NUMBER_RULE = {
  pattern: '.*',
  ringSeconds: { min: 3, max: 6 },
  outcome: 'answer',
  talkSeconds: { distribution: 'uniform', min: 60, max: 120 },
  hangup: 'callee',
} as const satisfies NumberRule;

/** Agent devices answer after 2 s by themselves. */
export const DEFAULT_AGENT_DEVICES = { ringSeconds: 2, answer: 'auto' } as const satisfies AgentDevices;

/** How one originated leg will behave, resolved once at originate. */
export interface Behaviour {
  readonly outcome: SimOutcome;
  /** How long it rings before the outcome (answer/reject); the core's ring timeout may cut it short. */
  readonly ringMs: number;
  /** Rings until `answer`/`reject` is called on the driver (or the ring timeout). */
  readonly byHand: boolean;
  /** After answer, the far end hangs up after this long; `null`: it never hangs up by itself. */
  readonly talkMs: number | null;
}

/**
 * Validates rules from a tenant file, including that every pattern compiles and ranges are ordered.
 * @example const rules = parseTelephonyRules({ numbers: [{ pattern: '^\\+1', outcome: 'busy' }] });
 */
export function parseTelephonyRules(input: unknown): TelephonyRules {
  if (!Value.Check(TelephonyRulesSpec, input)) {
    const first = [...Value.Errors(TelephonyRulesSpec, input)][0];
    throw new Error(`invalid telephony rules at ${first?.path ?? '/'}: ${first?.message ?? 'unknown error'}`);
  }
  const unordered = (...specs: unknown[]): boolean =>
    specs.some((r) => typeof r === 'object' && r !== null && 'min' in r && 'max' in r && (r as { min: number }).min > (r as { max: number }).max);
  for (const rule of input.numbers ?? []) {
    new RegExp(rule.pattern); // throws SyntaxError on a bad pattern, naming it
    if (unordered(rule.ringSeconds, rule.talkSeconds)) throw new Error(`invalid telephony rules: min > max in rule ${rule.pattern}`);
  }
  if (unordered(input.agentDevices?.ringSeconds)) throw new Error('invalid telephony rules: min > max in agentDevices.ringSeconds');
  return input;
}

/**
 * Resolves how a leg to `to` behaves. Pure apart from `random`; it always draws the same number
 * of values per call (ring, outcome, talk ×2, hangup) so one leg's rule can't shift the draws
 * of the legs after it differently from run to run.
 * @example resolveBehaviour({}, { kind: 'number', tenantId: 't', e164: '+15550100' }, seededRandom(1));
 */
export function resolveBehaviour(rules: TelephonyRules, to: Endpoint, random: RandomSource): Behaviour {
  const draws = [random.next(), random.next(), random.next(), random.next(), random.next()] as const;
  if (to.kind === 'agent') {
    const devices = { ...DEFAULT_AGENT_DEVICES, ...rules.agentDevices };
    return { outcome: 'answer', ringMs: seconds(devices.ringSeconds, draws[0]), byHand: devices.answer === 'by_hand', talkMs: null };
  }
  const match = (rules.numbers ?? []).find((rule) => new RegExp(rule.pattern).test(to.e164));
  const rule = { ...DEFAULT_NUMBER_RULE, ...match };
  const calleeHangs = rule.hangup === 'callee' || (typeof rule.hangup === 'object' && draws[4] < rule.hangup.callee);
  return {
    outcome: pickOutcome(rule.outcome, draws[1]),
    ringMs: seconds(rule.ringSeconds, draws[0]),
    byHand: false,
    talkMs: calleeHangs ? Math.round(talkSeconds(rule.talkSeconds, draws[2], draws[3]) * 1000) : null,
  };
}

/** How a caller calling in behaves: patience while waiting, talk time once bridged (null: never hangs up). */
export interface InboundBehaviour {
  readonly patienceMs: number | null;
  readonly talkMs: number | null;
}

/**
 * Resolves how a caller from `from` behaves when calling in, by the same number rules (first
 * match). Always four draws (talk ×2, hangup, patience), whatever the rule says.
 * @example resolveInbound({ numbers: [{ pattern: '.*', patienceSeconds: 30 }] }, '+15550100', seededRandom(1)); // { patienceMs: 30000, … }
 */
export function resolveInbound(rules: TelephonyRules, from: string, random: RandomSource): InboundBehaviour {
  const draws = [random.next(), random.next(), random.next(), random.next()] as const;
  const match = (rules.numbers ?? []).find((rule) => new RegExp(rule.pattern).test(from));
  const rule = { ...DEFAULT_NUMBER_RULE, ...match };
  const hangs = rule.hangup === 'callee' || (typeof rule.hangup === 'object' && draws[2] < rule.hangup.callee);
  return {
    talkMs: hangs ? Math.round(talkSeconds(rule.talkSeconds, draws[0], draws[1]) * 1000) : null,
    patienceMs: match?.patienceSeconds === undefined ? null : Math.round(talkSeconds(match.patienceSeconds, draws[3], draws[3]) * 1000),
  };
}

function seconds(spec: Seconds, u: number): number {
  const s = typeof spec === 'number' ? spec : spec.min + u * (spec.max - spec.min);
  return Math.round(s * 1000);
}

function pickOutcome(spec: NumberRule['outcome'] & {}, u: number): SimOutcome {
  if (typeof spec === 'string') return spec;
  const total = OUTCOMES.reduce((sum, o) => sum + (spec[o] ?? 0), 0);
  if (total <= 0) return 'answer';
  let left = u * total;
  for (const o of OUTCOMES) {
    left -= spec[o] ?? 0;
    if (left < 0) return o;
  }
  // Rounding can leave a sliver past the last bucket: give it to the last weighted outcome.
  return [...OUTCOMES].reverse().find((o) => (spec[o] ?? 0) > 0) ?? 'answer';
}

function talkSeconds(spec: TalkSeconds, u1: number, u2: number): number {
  if (typeof spec === 'number') return spec;
  switch (spec.distribution) {
    case 'fixed':
      return spec.seconds;
    case 'uniform':
      return spec.min + u1 * (spec.max - spec.min);
    case 'exponential':
      return Math.min(-spec.mean * Math.log(1 - u1), spec.max ?? Infinity);
    case 'lognormal': {
      // Box–Muller: 1 - u1 keeps the log argument in (0, 1].
      const normal = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      return Math.min(spec.median * Math.exp(spec.sigma * normal), spec.max ?? Infinity);
    }
  }
}
