import { describe, expect, it } from 'vitest';
import { plainText, sanitiseRichText } from './rich-text.js';
import { searchQuery, searchTokens } from './search-tokens.js';

describe('knowledge text', () => {
  it('splits Han runs into overlapping pairs and keeps words and numbers whole', () => {
    expect(searchTokens('创业担保贷款 LPR+150BP，贷')).toEqual(['创业', '业担', '担保', '保贷', '贷款', 'lpr', '150bp', '贷']);
    expect(searchQuery('担保 贷款')).toBe("'担保' & '贷款'");
    expect(searchQuery('“！”')).toBeUndefined();
  });

  it('keeps structure and http links, drops scripts, handlers and other schemes', () => {
    const dirty = '<p onclick="x()">说明<script>alert(1)</script><a href="javascript:alert(1)">坏</a><a href="https://www.gov.cn">政府网</a></p><img src=x onerror=y>';
    const clean = sanitiseRichText(dirty);
    expect(clean).toBe('<p>说明<a rel="noopener noreferrer" target="_blank">坏</a><a href="https://www.gov.cn" rel="noopener noreferrer" target="_blank">政府网</a></p>');
    expect(plainText(clean)).toBe('说明坏政府网');
    // The raw-text passthrough of CVE-2026-44990 (fixed in 2.17.4).
    expect(sanitiseRichText('<xmp><script>alert(1)</script></xmp><p>正文</p>')).toBe('<p>正文</p>');
  });
});
