/** A row of the market-entity register (市场主体登记), the reference registration is checked against. */
export const ENTITY_TYPES = ['enterprise', 'individual_business', 'farmer_cooperative'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  enterprise: '企业',
  individual_business: '个体工商户',
  farmer_cooperative: '农民专业合作社',
};

export const ENTITY_STATUSES = ['existing', 'operating', 'revoked', 'cancelled', 'moved_out'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

export const ENTITY_STATUS_LABELS: Record<EntityStatus, string> = {
  existing: '存续',
  operating: '在业',
  revoked: '吊销',
  cancelled: '注销',
  moved_out: '迁出',
};

export const ACTIVE_STATUSES: ReadonlySet<EntityStatus> = new Set(['existing', 'operating']);

export interface MarketEntity {
  uscc: string;
  name: string;
  entityType: EntityType;
  legalRepresentative: string;
  districtCode: string;
  status: EntityStatus;
  establishedOn: string;
  /** 注册资本, decimal string in 元. */
  registeredCapital: string;
  industry: string | null;
}

/** A GB/T 2260 district of the city: records carry its code, pages show its name. */
export interface District {
  code: string;
  name: string;
}
