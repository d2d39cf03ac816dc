import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../../app/platform.ts';
import { sessionCaller } from './auth.ts';
import { escapeHtml, page, pageHeaders } from './html-page.ts';

/** Submits the relay page's form at once: the screen pop is a POST to the CRM's page (`vcc-click-to-dial.txt`, Launch Option). */
const SUBMIT_SCRIPT = "document.getElementById('screen-pop').submit();\n";

/**
 * The screen pop (`ctl_launchopt=true`): the workspace opens `/AGUI/screen-pop/{id}` in a window
 * named after the record, and this page POSTs the pop's fields to the tenant's screen-pop URL —
 * a same-origin page, so the workspace's own policy never has to let forms leave the site, and
 * this one lets them go to that one origin only. Only the agent the pop is for may open it; it is
 * then marked opened (the workspace stops offering it).
 * @example await app.register(screenPopRoutes, { prefix: '/AGUI', platform });
 */
export async function screenPopRoutes(app: FastifyInstance, { platform }: { platform: Platform }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/screen-pop.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SUBMIT_SCRIPT));

  api.get('/screen-pop/:id', { schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } }, async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const caller = sessionCaller(platform, request.headers);
    if (caller === null) return reply.code(401).headers(pageHeaders()).send(page('Log in first', ['Log in to the agent workspace, then open the screen pop from it.']));
    const pop = await platform.clickToDial.screenPops.get(caller.tenantId, request.params.id);
    if (pop === undefined || pop.agentId !== caller.agentId) return reply.code(404).headers(pageHeaders()).send(page('No such screen pop', ['It may belong to another agent.']));
    await platform.clickToDial.screenPops.opened(caller.tenantId, pop);
    const inputs = Object.entries(pop.fields).map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('\n');
    const form = `<form id="screen-pop" method="post" action="${escapeHtml(pop.url)}">\n${inputs}\n<button type="submit">Open the record</button>\n</form>\n`;
    const head = '<script src="/AGUI/screen-pop.js" defer></script>\n';
    return reply.headers(pageHeaders({ scripts: true, formAction: new URL(pop.url).origin })).send(page('Opening the record…', [`Sending the call's data to ${new URL(pop.url).host}.`], head, form));
  });
}
