const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface IndexedOperation {
  method: string;
  pattern: RegExp;
  params: number;
  operationId: string;
}

export interface OpenApiPaths {
  paths: Record<string, Partial<Record<string, { operationId?: string }>>>;
}

/**
 * Finds the OpenAPI operation a request addresses (method and path, `{param}` matching one path
 * segment). A literal segment wins over a parameter, so `/consents/access-log` is not `/consents/{id}`.
 */
export function operationIndex(spec: OpenApiPaths): (method: string, path: string) => string | undefined {
  const operations: IndexedOperation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const segments = template.split('/').map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const pattern = new RegExp(`^${segments.join('/')}/?$`);
    const params = (template.match(/\{/g) ?? []).length;
    for (const method of METHODS) {
      const operationId = item[method]?.operationId;
      if (operationId) operations.push({ method: method.toUpperCase(), pattern, params, operationId });
    }
  }
  operations.sort((a, b) => a.params - b.params);
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    return operations.find((o) => o.method === wanted && o.pattern.test(path))?.operationId;
  };
}
