import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ExchangeUnavailableError, type ExchangePort, type FeedPackage } from './exchange-port.js';
import type { DownItem, ProvincialNodePort, UpwardResult } from './provincial-port.js';

/**
 * File mode (GB/T 39443 §5.5): the package is written to `<dir>/up/<flow>/` (data files,
 * `manifest.json`, `manifest.sig`) and published by renaming a staging folder, so the receiver
 * never sees half a package; the receipt appears as `<dir>/down/<flow>.receipt.jsonl.gz`.
 */
export class FileExchangeAdapter implements ExchangePort {
  constructor(private readonly dir: string) {}

  async submit(pkg: FeedPackage): Promise<{ ticket: string }> {
    const final = join(this.dir, 'up', pkg.flow);
    if (existsSync(final)) return { ticket: pkg.flow };
    const staging = join(this.dir, 'staging', pkg.flow);
    try {
      await mkdir(staging, { recursive: true });
      await mkdir(join(this.dir, 'up'), { recursive: true });
      for (const f of pkg.files) await pipeline(Readable.from(f.open()), createWriteStream(join(staging, f.name)));
      await writeFile(join(staging, 'manifest.json'), pkg.manifest);
      await writeFile(join(staging, 'manifest.sig'), pkg.signature);
      await rename(staging, final);
    } catch (error) {
      throw new ExchangeUnavailableError(`exchange directory not writable: ${(error as Error).message}`);
    }
    return { ticket: pkg.flow };
  }

  async receipt(ticket: string): Promise<Buffer | undefined> {
    const file = join(this.dir, 'down', `${ticket}.receipt.jsonl.gz`);
    return existsSync(file) ? readFile(file) : undefined;
  }
}

/**
 * The provincial node's file mode: items come down as `<dir>/down-items/<sortable item id>.json`;
 * results go up as `<dir>/up-results/<result id>.json`, written beside and renamed into place.
 */
export class FileProvincialAdapter extends FileExchangeAdapter implements ProvincialNodePort {
  constructor(private readonly root: string) {
    super(root);
  }

  async pull(cursor: string | null): Promise<{ items: DownItem[]; cursor: string | null }> {
    const dir = join(this.root, 'down-items');
    if (!existsSync(dir)) return { items: [], cursor };
    const names = (await readdir(dir)).filter((n) => n.endsWith('.json') && (cursor === null || n.slice(0, -5) > cursor)).sort();
    const items: DownItem[] = [];
    for (const name of names) items.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as DownItem);
    return { items, cursor: names.length ? names.at(-1)!.slice(0, -5) : cursor };
  }

  async sendResult(result: UpwardResult): Promise<void> {
    const dir = join(this.root, 'up-results');
    const name = `${encodeURIComponent(result.resultId)}.json`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `.${name}.part`), JSON.stringify(result));
      await rename(join(dir, `.${name}.part`), join(dir, name));
    } catch (error) {
      throw new ExchangeUnavailableError(`exchange directory not writable: ${(error as Error).message}`);
    }
  }
}

/** The receiving side of file mode: checks every published package once and writes its receipt. */
export async function answerFileExchange(dir: string, accept: (pkg: { flow: string; manifest: string; signature: string; files: Map<string, Buffer> }) => Buffer): Promise<number> {
  const up = join(dir, 'up');
  if (!existsSync(up)) return 0;
  await mkdir(join(dir, 'down'), { recursive: true });
  let answered = 0;
  for (const flow of await readdir(up)) {
    const receipt = join(dir, 'down', `${flow}.receipt.jsonl.gz`);
    if (existsSync(receipt)) continue;
    const files = new Map<string, Buffer>();
    for (const name of await readdir(join(up, flow))) files.set(name, await readFile(join(up, flow, name)));
    const manifest = files.get('manifest.json')!.toString('utf8');
    const signature = files.get('manifest.sig')!.toString('utf8');
    await writeFile(receipt, accept({ flow, manifest, signature, files }));
    answered++;
  }
  return answered;
}
