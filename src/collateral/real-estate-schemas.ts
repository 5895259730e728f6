import { z } from 'zod';
import { REGISTRY_NODES, type RegistryNotice } from './real-estate-registry.js';

const instant = z.iso.datetime({ offset: true, error: '完成时间应为带时区的 ISO 8601 时间' });

/** A notice of the 不动产登记中心 as it arrives over HTTP (the public message set's fields). */
export const registryNoticeSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('business'),
      mortgageApplyId: z.string().min(1).max(64),
      businessNodeCode: z.enum(REGISTRY_NODES, '业务节点应为 accept、verify 或 result'),
      businessNodeName: z.string().max(20),
      completionTime: instant,
      warrantId: z.string().min(1).max(100).nullable(),
    })
    .strict(),
  z
    .object({
      type: z.literal('sealed'),
      realEstateUnitId: z.string().min(1).max(40),
      warrantId: z.string().min(1).max(100),
      attachmentStatus: z.literal('SEALED'),
      completionTime: instant,
    })
    .strict(),
]) satisfies z.ZodType<RegistryNotice, unknown>;
