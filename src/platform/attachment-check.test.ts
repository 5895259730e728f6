import { describe, expect, it } from 'vitest';
import type { DomainError } from './errors.js';
import { sniffAttachment } from './attachment-check.js';

const pdf = Buffer.from('%PDF-1.7\n...');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('sniffAttachment', () => {
  it('takes the type from the content', () => {
    expect(sniffAttachment(pdf, 'application/pdf')).toBe('application/pdf');
    expect(sniffAttachment(png, 'application/octet-stream')).toBe('image/png');
    expect(sniffAttachment(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), undefined)).toBe('image/jpeg');
  });

  it('refuses content of another kind whatever it is called, and a declared type the content contradicts', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as DomainError).code;
      }
      return 'accepted';
    };
    expect(code(() => sniffAttachment(Buffer.from('MZ\x90\x00 an executable'), 'application/pdf'))).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(code(() => sniffAttachment(Buffer.from('<html>'), 'image/png'))).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(code(() => sniffAttachment(png, 'application/pdf'))).toBe('ATTACHMENT_TYPE_MISMATCH');
  });
});
