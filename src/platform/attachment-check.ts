import { validationError } from './errors.js';

/** What an objection or a loan application's answer may carry: PDF, PNG or JPEG, each at most this large. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

const SIGNATURES: readonly { mediaType: string; magic: readonly number[] }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
];

export const ATTACHMENT_MEDIA_TYPES = SIGNATURES.map((s) => s.mediaType);

/**
 * The media type of a file judged by its content (its leading bytes), never by the name or the
 * declared type alone: a declared type that the content contradicts is refused.
 */
export function sniffAttachment(bytes: Buffer, declared: string | undefined, field = 'body'): string {
  const found = SIGNATURES.find((s) => bytes.length >= s.magic.length && s.magic.every((b, i) => bytes[i] === b));
  if (!found) {
    throw validationError('ATTACHMENT_TYPE_NOT_ALLOWED', '附件只能是 PDF、PNG 或 JPEG 文件', [
      { field, code: 'type_not_allowed', message: '文件内容不是 PDF、PNG 或 JPEG' },
    ]);
  }
  if (declared && declared !== 'application/octet-stream' && declared !== found.mediaType) {
    throw validationError('ATTACHMENT_TYPE_MISMATCH', '附件的声明类型与文件内容不符', [
      { field: 'content-type', code: 'type_mismatch', message: `文件内容为 ${found.mediaType}，与声明的类型不符` },
    ]);
  }
  return found.mediaType;
}
