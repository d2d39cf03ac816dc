import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { CCS_CALL_EXAMPLES, prepareCcsCallExample } from '../../app/demo-ccs-examples.ts';
import type { Platform } from '../../app/platform.ts';
import { adminErrors } from './schemas.ts';

/** `POST /admin/v1/demo/ccs-examples/{example}`: a call of its own for a CCS call example (`NOTES.md` §9). */
export async function ccsExampleAdminRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post('/demo/ccs-examples/:example', {
    schema: {
      tags: ['Admin: calls and telephony'], security: [{ adminBearer: [] }],
      summary: 'Prepare a call for a CCS call example (demo tenant ccsdemo02)',
      description: '`connected`: agent 101 (Dana, recorded) places a call through outbound queue 700 and both ends answer — for the single-call, suppression and kill examples. `waiting`: an outside caller waits in ACD 702 "Service", which no agent serves — for wait_transfer, wait_redirect and wait_kill. Answers the CCS call id to put in `/6/v2/api/calls/<call_id>`.',
      params: Type.Object({ example: Type.Union(CCS_CALL_EXAMPLES.map((e) => Type.Literal(e))) }),
      response: { 200: Type.Object({ example: Type.String(), tenant: Type.String(), callId: Type.String() }), ...adminErrors },
    },
  }, async (request) => prepareCcsCallExample(platform, request.params.example));
}
