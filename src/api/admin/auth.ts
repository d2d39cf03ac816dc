import type { FastifyRequest } from 'fastify';
import { digestsEqual, sha256Hex } from '../../app/security.ts';
import { HttpRefusal } from '../http/failures.ts';

/** `Authorization: Bearer <admin token>`, compared as SHA-256 digests in constant time. */
export function adminBearerAuth(adminTokenHash: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1] || !digestsEqual(sha256Hex(match[1]), adminTokenHash)) {
      throw new HttpRefusal(401, 'Unauthorized: an admin bearer token is required');
    }
  };
}
