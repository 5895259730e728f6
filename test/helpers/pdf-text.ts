import { inflateSync } from 'node:zlib';

/** Every stream of a PDF, inflated where it is Flate-encoded, as latin1 text. */
function streams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const start = /stream\r?\n/g;
  for (let m = start.exec(raw); m; m = start.exec(raw)) {
    const from = m.index + m[0].length;
    const to = raw.indexOf('endstream', from);
    try {
      out.push(inflateSync(pdf.subarray(from, to)).toString('latin1'));
    } catch {
      out.push(raw.slice(from, to));
    }
  }
  return out;
}

const hexUnits = (hex: string): string[] => hex.replace(/\s+/g, '').match(/.{4}/g) ?? [];

/**
 * The text of a PDF written by the platform's PDF module (one embedded font, text shown with
 * hex-string TJ arrays), decoded through the font's ToUnicode map: one line per text run.
 */
export function pdfText(pdf: Buffer): string {
  const all = streams(pdf);
  const map = new Map<number, string>();
  for (const s of all.filter((x) => x.includes('beginbfrange'))) {
    for (const range of s.matchAll(/<([0-9a-fA-F]+)> <([0-9a-fA-F]+)> \[([^\]]*)\]/g)) {
      let code = parseInt(range[1]!, 16);
      for (const entry of range[3]!.matchAll(/<([^>]*)>/g)) {
        map.set(code++, String.fromCharCode(...hexUnits(entry[1]!).map((u) => parseInt(u, 16))));
      }
    }
  }
  const lines: string[] = [];
  for (const s of all.filter((x) => x.includes(' TJ'))) {
    for (const run of s.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]<])*)\] TJ/g)) {
      const codes = [...run[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].flatMap((h) => hexUnits(h[1]!));
      lines.push(codes.map((c) => map.get(parseInt(c, 16)) ?? '\uFFFD').join(''));
    }
  }
  return lines.join('\n');
}
