import { ExchangeSimulator } from './exchange-simulator.js';
import type { DownItem, ProvincialNodePort, UpwardResult } from './provincial-port.js';

/** The provincial node for development and tests: takes uploads like the national simulator and queues items to send down. */
export class ProvincialNodeSimulator extends ExchangeSimulator implements ProvincialNodePort {
  private readonly down: DownItem[] = [];
  private readonly up = new Map<string, UpwardResult>();

  publish(item: DownItem): void {
    this.down.push(item);
  }

  async pull(cursor: string | null): Promise<{ items: DownItem[]; cursor: string | null }> {
    const from = cursor === null ? 0 : this.down.findIndex((i) => i.itemId === cursor) + 1;
    const items = this.down.slice(from);
    return { items, cursor: items.at(-1)?.itemId ?? cursor };
  }

  async sendResult(result: UpwardResult): Promise<void> {
    this.takeOutage();
    if (!this.up.has(result.resultId)) this.up.set(result.resultId, result);
  }

  /** Results received so far, in order of arrival (a repeated result is kept once). */
  results(): UpwardResult[] {
    return [...this.up.values()];
  }
}
