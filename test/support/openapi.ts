import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;
const DOC_ID = 'https://switchboard.local/openapi.json';

export interface Operation {
  method: string;
  /** OpenAPI path template, e.g. `/api/v1/tenants/{tenantId}/agentstatus/agents/{agentId}`. */
  path: string;
  spec: Json;
}

/**
 * Checks responses against the server's own `/openapi.json`, so a shape that drifts from its
 * description fails the test that saw it.
 */
export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly ops: Operation[] = [];

  constructor(readonly doc: Json) {
    addFormats.default(this.ajv);
    // The whole document is one schema resource, so `#/components/schemas/…` refs resolve inside it.
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      for (const [method, spec] of Object.entries(methods)) this.ops.push({ method: method.toUpperCase(), path, spec });
    }
  }

  static async load(baseUrl: string): Promise<OpenApiChecker> {
    const res = await fetch(`${baseUrl}/openapi.json`);
    return new OpenApiChecker((await res.json()) as Json);
  }

  operations(): Operation[] {
    return this.ops;
  }

  find(method: string, url: string): Operation | undefined {
    const path = new URL(url, 'http://x').pathname.replace(/\/$/, '');
    const candidates = this.ops.filter((op) => op.method === method.toUpperCase() && templateMatches(op.path, path));
    // Prefer the most specific template (fewest parameters), as the router does.
    return candidates.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
  }

  /** Throws when the response isn't described: unknown status, content type, or body shape. */
  check(method: string, url: string, status: number, contentType: string | null, body: string): void {
    const op = this.find(method, url);
    if (!op) throw new Error(`${method} ${url}: no operation in /openapi.json`);
    const responses = op.spec.responses as Record<string, Json>;
    const response = responses[String(status)] ?? responses.default;
    if (!response) throw new Error(`${method} ${url}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`);
    const content = response.content as Record<string, { schema?: Json }> | undefined;
    if (!content) return;
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const media = content[type];
    if (!media) throw new Error(`${method} ${url} ${status}: content type '${type}' is not documented (${Object.keys(content).join(', ')})`);
    if (!media.schema) return;
    const value = type.includes('json') ? (JSON.parse(body) as unknown) : body;
    const pointer = ['paths', op.path, op.method.toLowerCase(), 'responses', response === responses.default ? 'default' : String(status), 'content', type, 'schema']
      .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = this.ajv.getSchema(`${DOC_ID}#/${pointer}`);
    if (!validate) throw new Error(`cannot compile the schema at ${pointer}`);
    if (!validate(value)) {
      throw new Error(`${method} ${url} ${status}: body does not match /openapi.json: ${this.ajv.errorsText(validate.errors)}\n${body.slice(0, 500)}`);
    }
  }
}

function templateMatches(template: string, path: string): boolean {
  const pattern = '^' + template.replace(/\/$/, '').replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$';
  return new RegExp(pattern).test(path);
}


/**
 * `fetch` that checks every response against the document and returns status, headers and
 * parsed body.
 */
export function checkedFetcher(baseUrl: string, checker: OpenApiChecker) {
  return async (path: string, init: RequestInit = {}) => {
    const res = await fetch(baseUrl + path, init);
    const text = await res.text();
    const method = init.method ?? 'GET';
    checker.check(method, path, res.status, res.headers.get('content-type'), text);
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: body as Record<string, unknown> & unknown[], text };
  };
}
