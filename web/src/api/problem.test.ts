import { describe, expect, it } from 'vitest';
import { problemFromResponse } from './problem';

describe('problemFromResponse', () => {
  it('keeps the server problem+json document', () => {
    const body = {
      type: 'urn:xinyidai:problem:ENTITY_NAME_MISMATCH',
      title: '请求无法处理',
      status: 422,
      detail: '企业名称与市场主体登记信息不一致',
      code: 'ENTITY_NAME_MISMATCH',
      requestId: 'r-1',
      errors: [{ field: 'name', code: 'ENTITY_NAME_MISMATCH', message: '企业名称与市场主体登记信息不一致' }],
    };
    const problem = problemFromResponse(new Response(null, { status: 422 }), body);
    expect(problem).toMatchObject({ status: 422, code: 'ENTITY_NAME_MISMATCH', requestId: 'r-1', errors: body.errors });
  });

  it('makes a readable problem of a body that is not one (a proxy error page)', () => {
    const problem = problemFromResponse(new Response(null, { status: 502 }), '<html>Bad Gateway</html>');
    expect(problem).toMatchObject({ status: 502, code: 'HTTP_502', errors: [] });
    expect(problem.detail).toContain('请稍后重试');
    expect(problemFromResponse(new Response(null, { status: 404 }), undefined).detail).toBe('请求未成功（HTTP 404）');
  });
});
