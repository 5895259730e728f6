import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Chinese font every platform PDF embeds: Noto Sans SC Regular (思源黑体, SIL OFL 1.1) from the
 * npm package `@expo-google-fonts/noto-sans-sc`, so `npm install` brings it and no system font is
 * needed. It covers GB2312 and far beyond; pdfkit embeds only the glyphs a document uses.
 */
const FONT_MODULE_PATH = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let cached: Buffer | undefined;

/** The font file's bytes, read once per process (about 10 MB). */
export function chineseFontBytes(): Buffer {
  cached ??= readFileSync(createRequire(import.meta.url).resolve(FONT_MODULE_PATH));
  return cached;
}
