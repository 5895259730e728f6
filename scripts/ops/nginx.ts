import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, systemBinary, waitFor } from './processes.js';

export interface Nginx {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The nginx configuration in front of the instances (docs/operations.md shows the production
 * one): round robin over the upstreams, an instance that fails is skipped for a few seconds,
 * the request id kept or made ($request_id) and passed on, /metrics and the health endpoints
 * never routed from outside. `X-Upstream` names the instance that answered (the checks read it).
 */
export function nginxConfig(dir: string, port: number, upstreams: readonly number[]): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  client_max_body_size 2100m;
  map $http_x_request_id $xyd_request_id { default $http_x_request_id; "" $request_id; }
  upstream xyd {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location = /metrics { return 404; }
    location /health/ { return 404; }
    location / {
      proxy_pass http://xyd;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $xyd_request_id;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_read_timeout 300s;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export async function startNginx(upstreams: readonly number[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'xyd-nginx-'));
  mkdirSync(join(dir, 'tmp'));
  // Workers run as nobody when the master is root; they write request bodies here.
  chmodSync(join(dir, 'tmp'), 0o777);
  chmodSync(dir, 0o755);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const child = spawn(systemBinary('nginx'), ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`nginx to listen ${stderr}`, async () => ((await fetch(`${url}/metrics`)).status === 404 ? true : undefined), 20_000);
  return {
    port,
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
