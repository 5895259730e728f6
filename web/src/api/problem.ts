import type { Schemas } from './schemas';

/**
 * A failed API call as the pages see it: the server's problem+json document when there is one,
 * otherwise a problem made up here (network down, a proxy's HTML error page), so a page never
 * has to show raw JSON or nothing.
 */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly Schemas['FieldError'][];
  readonly requestId: string | undefined;

  constructor(init: { status: number; code: string; detail: string; errors?: readonly Schemas['FieldError'][]; requestId?: string }) {
    super(init.detail);
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }
}

function isProblem(body: unknown): body is Schemas['Problem'] {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.detail === 'string' && Array.isArray(b.errors);
}

/**
 * The server's detail as a person reads it. For programs it names each field before its message
 * (`uscc: 统一社会信用代码应为18位；text: 请填写承诺内容`); a page that shows the detail (an alert
 * under a form, a message) showed those API field names too. Each message says which field it is
 * about in Chinese, so the names are dropped.
 */
export function readableDetail(detail: string, errors: readonly Schemas['FieldError'][]): string {
  const fields = new Set(errors.map((e) => e.field));
  return detail
    .split('；')
    .map((part) => {
      const named = /^\s*([A-Za-z0-9_.[\]]+): (.*)$/s.exec(part);
      return named && fields.has(named[1]!) ? named[2]! : part;
    })
    .join('；');
}

/** The problem for a non-2xx response whose body openapi-fetch has already read. */
export function problemFromResponse(response: Response, body: unknown): ApiProblem {
  if (isProblem(body)) {
    return new ApiProblem({
      status: body.status,
      code: body.code,
      detail: readableDetail(body.detail, body.errors),
      errors: body.errors,
      requestId: body.requestId,
    });
  }
  return new ApiProblem({
    status: response.status,
    code: `HTTP_${response.status}`,
    detail: response.status >= 500 ? `平台暂时无法处理请求（HTTP ${response.status}），请稍后重试` : `请求未成功（HTTP ${response.status}）`,
  });
}

/** A fault in the portal's own code while handling a call (already logged to the console). */
export function clientProblem(): ApiProblem {
  return new ApiProblem({ status: 0, code: 'CLIENT_ERROR', detail: '页面处理时出错，请刷新后重试' });
}

export function networkProblem(): ApiProblem {
  return new ApiProblem({ status: 0, code: 'NETWORK_ERROR', detail: '无法连接到平台，请检查网络后重试' });
}
