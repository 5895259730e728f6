import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

interface Schema {
  $ref?: string;
  additionalProperties?: unknown;
}
interface Operation {
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/**
 * Bodies whose members another party's protocol defines: OAuth 2.0 token requests (RFC 6749 §3.2:
 * unknown parameters are ignored), banks' signed callbacks and the registry's notices.
 */
const FOREIGN_PROTOCOLS = new Set(['issueClientToken', 'receiveBankCallback', 'receiveRegistryNotice']);

const spec = parse(readFileSync(new URL('../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const jsonBodies = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]) => {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    if (!schema || !op.operationId || FOREIGN_PROTOCOLS.has(op.operationId)) return [];
    const resolved = schema.$ref ? spec.components.schemas[schema.$ref.split('/').pop()!]! : schema;
    return [{ id: op.operationId, method: method.toUpperCase(), path, schema: resolved }];
  }),
);

const PATH_VALUES: Record<string, () => string> = {
  category: () => 'tax_payments',
  code: () => 'tech_loan',
  token: () => `inv_${'a'.repeat(32)}`,
  day: () => '2026-10-01',
  uscc: () => '91420281489090274M',
};
const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => (PATH_VALUES[name] ?? randomUUID)());

let platform: TestPlatform;
const callers: (string | undefined)[] = [undefined];
beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  const enterprise = platform.demo!.accounts.find((a) => a.role === 'enterprise')!.username;
  for (const user of [enterprise, 'icbc_admin', 'hsfg_admin', 'tax_feed', 'jrj_viewer', 'admin']) callers.push(await platform.login(user));
});
afterAll(() => platform?.close());

describe('a JSON body member the operation does not define', () => {
  it('is declared refused by every request schema of the spec', () => {
    expect(jsonBodies.filter((b) => b.schema.additionalProperties !== false).map((b) => b.id)).toEqual([]);
  });

  it('is refused with 400 naming it, not dropped, by every operation (for the first caller let through)', async () => {
    const dropped: string[] = [];
    for (const { id, method, path } of jsonBodies) {
      let answer: { status: number; fields: string[] } | undefined;
      for (const token of callers) {
        const res = await platform.api(concrete(path), { method, token, body: { unexpectedMember: 1 } });
        if (res.status === 401 || res.status === 403) continue;
        const problem = (await res.json()) as { errors?: { field: string }[] };
        answer = { status: res.status, fields: (problem.errors ?? []).map((e) => e.field) };
        break;
      }
      if (!answer || answer.status !== 400 || !answer.fields.includes('unexpectedMember')) dropped.push(`${id}: ${JSON.stringify(answer)}`);
    }
    expect(dropped).toEqual([]);
  });
});
