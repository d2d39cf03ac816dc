import type { OriginateRequest } from '../../src/ports/telephony.ts';
import { ScriptedDriver, type ScriptStep } from '../../src/telephony/scripted/scripted-driver.ts';
import { telephonyContract, type ContractBehaviour } from './telephony.contract.ts';

/** The contract's behaviours as scripts, mirroring what a SIP endpoint would send. */
function stepsFor(b: ContractBehaviour, request: OriginateRequest): ScriptStep[] {
  switch (b.kind) {
    case 'answer': {
      const answerAt = b.ringSeconds * 1000;
      const hangup: ScriptStep[] = b.talkSeconds === null ? [] : [{ type: 'hung_up', by: 'remote', afterMs: answerAt + b.talkSeconds * 1000 }];
      return [{ type: 'ringing', afterMs: 0 }, { type: 'answered', afterMs: answerAt }, ...hangup];
    }
    case 'busy':
      return [{ type: 'busy', afterMs: 0 }];
    case 'fail':
      return [{ type: 'failed', afterMs: 0, detail: 'scripted failure' }];
    case 'reject':
      return [{ type: 'ringing', afterMs: 0 }, { type: 'rejected', afterMs: b.ringSeconds * 1000 }];
    case 'no_answer':
      return [{ type: 'ringing', afterMs: 0 }, { type: 'no_answer', afterMs: request.ringTimeoutMs }];
  }
}

telephonyContract('scripted', () => {
  const behaviours = new Map<string, ContractBehaviour>();
  const driver = new ScriptedDriver({
    startAt: 1_700_000_000_000,
    script: (request) => {
      const b = request.to.kind === 'number' ? behaviours.get(request.to.e164) : undefined;
      return b && stepsFor(b, request);
    },
  });
  return { driver, behave: (e164, b) => void behaviours.set(e164, b), advance: (ms) => driver.advance(ms) };
});
