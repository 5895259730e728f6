/** One fact a commercial data provider (启信宝-like) reports about an enterprise. */
export interface ProviderRecord {
  /** Ingestion catalogue category the fact belongs to (e.g. `honours`, `intellectual_property`). */
  category: string;
  /** The provider's key for the fact; government records of the same category and key win. */
  recordKey: string;
  payload: Record<string, unknown>;
}

/** The port to a commercial data provider: facts it holds about one enterprise. */
export interface ThirdPartyDataPort {
  readonly provider: string;
  /** Throws when the provider is unreachable; an unknown enterprise is an empty list. */
  lookup(uscc: string): Promise<ProviderRecord[]>;
}
