import type { BusinessNotice, MortgageRegistrationRequest, MortgageRegistrationResponse, ProgressAnswer, RealEstateRegistryPort, RegistryNotice, RegistryNode } from './real-estate-registry.js';
import { NODE_NAMES, REGISTRY_NODES } from './real-estate-registry.js';

interface Case {
  request: MortgageRegistrationRequest;
  acceptId: string;
  reached: BusinessNotice[];
}

/**
 * A 不动产登记中心 speaking the public message set, for the demo city and tests. After an accepted
 * application it walks 受理 → 核定 → 登簿, one node every `stepMs`, sending each notice to
 * `notify`; `silence` keeps the nodes moving but drops the notices (the progress query still
 * answers), and `seal` sends a 查封 notice on a registered unit.
 */
export class RealEstateRegistrySimulator implements RealEstateRegistryPort {
  private readonly cases = new Map<string, Case>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private serial = 0;
  private silent = false;
  private notify: (notice: RegistryNotice) => Promise<void> = async () => undefined;

  constructor(private readonly options: { stepMs: number; now?: () => Date }) {}

  /** Where notices go (the platform's notice handler). */
  connect(notify: (notice: RegistryNotice) => Promise<void>): void {
    this.notify = notify;
  }

  silence(silent: boolean): void {
    this.silent = silent;
  }

  async apply(request: MortgageRegistrationRequest): Promise<MortgageRegistrationResponse> {
    const known = this.cases.get(request.mortgageApplyId);
    if (known) return { mortgageApplyId: request.mortgageApplyId, mortgageAcceptId: known.acceptId, acceptStatus: '1', acceptMessage: '重复申请，已受理' };
    if (request.mortgageWay === 'MORTGAGE_MAX' && !request.highestClaimAmount) {
      return { mortgageApplyId: request.mortgageApplyId, mortgageAcceptId: null, acceptStatus: '0', acceptMessage: '最高额抵押须填写最高债权额' };
    }
    this.serial += 1;
    const acceptId = `SL${String(this.serial).padStart(8, '0')}`;
    this.cases.set(request.mortgageApplyId, { request, acceptId, reached: [] });
    this.schedule(request.mortgageApplyId, 0);
    return { mortgageApplyId: request.mortgageApplyId, mortgageAcceptId: acceptId, acceptStatus: '1', acceptMessage: '申请已接收' };
  }

  async progress(mortgageApplyId: string): Promise<ProgressAnswer> {
    return { mortgageApplyId, nodes: [...(this.cases.get(mortgageApplyId)?.reached ?? [])] };
  }

  /** 查封 of every registered unit `realEstateUnitId` names; false when none is registered. */
  async seal(realEstateUnitId: string): Promise<boolean> {
    const registered = [...this.cases.values()].filter((c) => c.request.realEstates.some((r) => r.realEstateUnitId === realEstateUnitId) && c.reached.length === REGISTRY_NODES.length);
    for (const c of registered) {
      await this.notify({ type: 'sealed', realEstateUnitId, warrantId: c.reached.at(-1)!.warrantId!, attachmentStatus: 'SEALED', completionTime: this.now().toISOString() });
    }
    return registered.length > 0;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private schedule(applyId: string, index: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.reach(applyId, REGISTRY_NODES[index]!).then(() => {
        if (index + 1 < REGISTRY_NODES.length) this.schedule(applyId, index + 1);
      });
    }, this.options.stepMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async reach(applyId: string, node: RegistryNode): Promise<void> {
    const c = this.cases.get(applyId)!;
    const notice: BusinessNotice = {
      type: 'business',
      mortgageApplyId: applyId,
      businessNodeCode: node,
      businessNodeName: NODE_NAMES[node],
      completionTime: this.now().toISOString(),
      warrantId: node === 'result' ? `鄂(${this.now().getUTCFullYear()})黄石市不动产证明第${c.acceptId.slice(2)}号` : null,
    };
    c.reached.push(notice);
    if (!this.silent) await this.notify(notice).catch(() => undefined);
  }
}
