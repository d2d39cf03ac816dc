import type { Platform } from '../../../app/platform.ts';
import { isSuppressed } from '../../../domain/ccs/call-projection.ts';
import type { CcsCallRecord } from '../../../domain/ccs/call-record.ts';
import type { TenantRecord } from '../../../ports/storage.ts';
import type { CcsCall } from './schemas.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const seconds = (ms: number): number => Math.max(0, Math.floor(ms / 1000));

/**
 * A call record in CCS terms (`schemas.ts`): the ACD and extension as the CCS names them now,
 * times as ISO 8601 UTC, durations in whole seconds up to `now` (contact-center time) while the
 * call lasts. An answered call (connected, or ended after it) has `answer_time` and `talk_duration`.
 * @example toCcsCall(platform, tenant, record, platform.clock.now()).state; // 'answered'
 */
export function toCcsCall(platform: Platform, tenant: TenantRecord, call: CcsCallRecord, now: number): CcsCall {
  const queue = call.queueId === null ? undefined : platform.directory.calls.of(tenant.id).queues.get(call.queueId);
  const extension = call.agentId === null ? undefined : platform.ccs.extensions.of(tenant.id, call.agentId);
  const until = call.endedAt ?? now;
  const common = {
    call_id: call.callId,
    tenant_id: tenant.ccsUuid,
    direction: call.direction,
    calling_number: call.callingNumber,
    called_number: call.calledNumber,
    acd: queue ? { uuid: queue.ccsUuid, name: queue.name, extension: queue.extension } : null,
    extension: extension ? { uuid: extension.uuid, extension: extension.extension } : null,
    start_time: iso(call.startedAt),
    end_time: call.endedAt === null ? null : iso(call.endedAt),
    wait_duration: seconds((call.answeredAt ?? until) - call.startedAt),
    waiting: call.waiting,
    end_cause: call.endCause,
    recording: call.recording,
    suppressed: isSuppressed(call),
    suppressions: call.suppressed.map((span) => ({ start: iso(span.start), end: span.end === null ? null : iso(span.end) })),
    transferred_to: call.transferredTo,
  };
  if (call.answeredAt === null) return { ...common, state: call.state === 'ended' ? 'ended' : 'progress' };
  return { ...common, state: call.state === 'ended' ? 'ended' : 'answered', answer_time: iso(call.answeredAt), talk_duration: seconds(until - call.answeredAt) };
}
