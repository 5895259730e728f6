import type { ProviderRecord, ThirdPartyDataPort } from './third-party-port.js';

/** A commercial data provider for development and tests: answers what it was given per enterprise. */
export class ThirdPartySimulator implements ThirdPartyDataPort {
  readonly provider = 'simulated-provider';
  private readonly facts = new Map<string, ProviderRecord[]>();

  know(uscc: string, records: ProviderRecord[]): void {
    this.facts.set(uscc, records);
  }

  async lookup(uscc: string): Promise<ProviderRecord[]> {
    return this.facts.get(uscc) ?? [];
  }
}
