import { describe, expect, it } from 'vitest';
import { problemFromResponse, readableDetail } from './problem';

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

  it('says a refused form’s messages without the API’s field names', () => {
    const errors = [
      { field: 'uscc', code: 'USCC_LENGTH', message: '统一社会信用代码应为18位，当前为17位' },
      { field: 'frequency.value', code: 'REQUIRED', message: '请填写查询频次' },
    ];
    const body = { type: 't', title: '请求参数有误', status: 400, code: 'VALIDATION_FAILED', errors, detail: 'uscc: 统一社会信用代码应为18位，当前为17位；frequency.value: 请填写查询频次' };
    expect(problemFromResponse(new Response(null, { status: 400 }), body).detail).toBe('统一社会信用代码应为18位，当前为17位；请填写查询频次');
  });
});

describe('readableDetail', () => {
  it('leaves a detail alone where no field it names is among the errors', () => {
    expect(readableDetail('文件表头有误：缺少必填列', [{ field: 'header', code: 'MISSING', message: '缺少必填列“纳税人识别号”' }])).toBe('文件表头有误：缺少必填列');
    expect(readableDetail('时间: 10:30 之后', [])).toBe('时间: 10:30 之后');
  });
});
