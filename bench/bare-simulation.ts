/**
 * The baseline of `simulate-day.bench.ts`: the simplest discrete-event simulator of a scenario's
 * traffic — the same timeline (arrivals with their talk and patience draws, shift actions), a
 * binary-heap event list, first-come-first-served queues and longest-idle agents — and nothing
 * of the platform (no calls, legs, events, storage or timers). Figures are not compared with the
 * engine's (routing details differ); only its run time is the yardstick.
 */
import type { Scenario } from '../src/domain/sim/scenario.ts';
import { scenarioAgents } from '../src/domain/sim/scenario.ts';
import { timeline, type ArrivalAction, type StreamFactory } from '../src/domain/sim/timeline.ts';

interface Agent { readonly queues: readonly number[]; busy: boolean; present: boolean; idleSince: number }
interface Caller { readonly at: number; readonly talkMs: number; served: boolean; gone: boolean }
type Event = { at: number; seq: number; run: () => void };

class Heap {
  private readonly items: Event[] = [];
  private seq = 0;
  get size(): number { return this.items.length; }
  push(at: number, run: () => void): void {
    const items = this.items;
    items.push({ at, seq: this.seq++, run });
    for (let i = items.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!before(items[i] as Event, items[p] as Event)) break;
      [items[i], items[p]] = [items[p] as Event, items[i] as Event];
      i = p;
    }
  }
  peek(): Event | undefined { return this.items[0]; }
  pop(): Event {
    const items = this.items;
    const top = items[0] as Event;
    const last = items.pop() as Event;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < items.length && before(items[l] as Event, items[m] as Event)) m = l;
        if (r < items.length && before(items[r] as Event, items[m] as Event)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m] as Event, items[i] as Event];
        i = m;
      }
    }
    return top;
  }
}
const before = (a: Event, b: Event): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Runs the bare model; returns how many callers arrived and were answered. */
export function bareSimulation(scenario: Scenario, streams: StreamFactory): { calls: number; answered: number } {
  const agents = new Map<string, Agent>(scenarioAgents(scenario).map(({ agentId, group }) => [agentId, { queues: group.queues, busy: false, present: group.shifts.length === 0, idleSince: 0 }]));
  const waiting = new Map<number, Caller[]>(scenario.queues.map((q) => [q.id, []]));
  const wrapUp = new Map(scenario.queues.map((q) => [q.id, q.wrapUpSeconds * 1000]));
  const ringMs = scenario.ringSeconds * 1000;
  const heap = new Heap();
  let calls = 0;
  let answered = 0;
  const serve = (agent: Agent, queueId: number, caller: Caller, now: number): void => {
    caller.served = true;
    agent.busy = true;
    answered++;
    heap.push(now + ringMs + caller.talkMs + (wrapUp.get(queueId) ?? 0), () => free(agent, heap.peek()?.at ?? now));
  };
  const free = (agent: Agent, now: number): void => {
    agent.busy = false;
    agent.idleSince = now;
    if (!agent.present) return;
    let best: { queueId: number; caller: Caller } | null = null;
    for (const queueId of agent.queues) {
      const line = waiting.get(queueId) as Caller[];
      while (line.length > 0 && (line[0] as Caller).gone) line.shift();
      const head = line[0];
      if (head && (!best || head.at < best.caller.at)) best = { queueId, caller: head };
    }
    if (best) {
      (waiting.get(best.queueId) as Caller[]).shift();
      serve(agent, best.queueId, best.caller, now);
    }
  };
  const arrive = (a: ArrivalAction, now: number): void => {
    calls++;
    const caller: Caller = { at: now, talkMs: a.talkMs, served: false, gone: false };
    let chosen: Agent | null = null;
    for (const agent of agents.values()) {
      if (agent.present && !agent.busy && agent.queues.includes(a.queueId) && (!chosen || agent.idleSince < chosen.idleSince)) chosen = agent;
    }
    if (chosen) return serve(chosen, a.queueId, caller, now);
    (waiting.get(a.queueId) as Caller[]).push(caller);
    if (a.patienceMs !== null) heap.push(now + a.patienceMs, () => void (caller.gone = !caller.served));
  };
  const runUntil = (t: number): void => {
    while (heap.size > 0 && (heap.peek() as Event).at <= t) heap.pop().run();
  };
  for (const action of timeline(scenario, streams)) {
    runUntil(action.at);
    if (action.kind === 'arrival') arrive(action, action.at);
    else {
      const agent = agents.get(action.agentId) as Agent;
      agent.present = action.presence === 'available';
      if (agent.present && !agent.busy) free(agent, action.at);
    }
  }
  runUntil(Infinity);
  return { calls, answered };
}
