import { gunzipSync, gzipSync } from 'node:zlib';
import { sm3Hex } from '../../platform/national-crypto.js';
import { sm2Verify } from '../../platform/sm2.js';
import { loadFeedFormat } from '../feed-format.js';
import { PackageRefusedError, type ReceiptHeader, type ReceiptLine } from './exchange-port.js';

export interface ReceivedPackage {
  manifest: string;
  signature: string;
  files: Map<string, Buffer>;
}

/** A scripted rejection: the simulator refuses matching rows with this reason code. */
export type RejectRule = (row: Record<string, unknown>) => string | undefined;

interface Envelope {
  flow: string;
  sn: string;
  formatVersion: string;
  files: { name: string; recordType: string; format: string; sm3: string }[];
  corrections: { name: string; sm3: string };
}

/**
 * What the receiving side does with a package: verify the SM2 signature of the manifest and
 * every file's SM3 digest (a mismatch refuses the whole package), then check each JSONL row
 * against the format's row schema and the scripted rules, answering per record.
 */
export function checkPackage(pkg: ReceivedPackage, senderPublicKey: string, rules: readonly RejectRule[]): Buffer {
  if (!sm2Verify(pkg.manifest, pkg.signature, senderPublicKey)) throw new PackageRefusedError('manifest signature does not verify');
  const envelope = JSON.parse(pkg.manifest) as Envelope;
  const format = loadFeedFormat(envelope.formatVersion);
  if (format.checkEnvelope(envelope).length > 0) throw new PackageRefusedError('manifest does not match the envelope schema');
  for (const f of [...envelope.files, envelope.corrections]) {
    const bytes = pkg.files.get(f.name);
    if (!bytes || sm3Hex(bytes) !== f.sm3) throw new PackageRefusedError(`file ${f.name} is missing or its SM3 digest differs`);
  }
  const lines: ReceiptLine[] = [];
  for (const f of envelope.files.filter((x) => x.format === 'jsonl')) {
    const type = format.rowType(f.recordType);
    for (const text of gunzipSync(pkg.files.get(f.name)!).toString('utf8').split('\n')) {
      if (!text) continue;
      const row = JSON.parse(text) as Record<string, unknown>;
      const scripted = rules.map((rule) => rule(row)).find((code) => code !== undefined);
      const reason = scripted ?? (type.check(row).length > 0 ? 'E100' : null);
      lines.push({ record_type: f.recordType, source_id: String(row.source_id), result: reason ? 'rejected' : 'accepted', reason_code: reason });
    }
  }
  const rejected = lines.filter((l) => l.result === 'rejected').length;
  const header: ReceiptHeader = { flow: envelope.flow, sn: envelope.sn, accepted: lines.length - rejected, rejected };
  return gzipSync([header, ...lines].map((l) => JSON.stringify(l) + '\n').join(''));
}
