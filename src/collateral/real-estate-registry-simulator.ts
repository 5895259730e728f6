import { randomUUID } from 'node:crypto';
import { generateSm2KeyPair, type Sm2KeyPair } from '../platform/sm2.js';
import { signRegistryNotice } from './registry-notice-signing.js';
import type { BusinessNotice, MortgageRegistrationRequest, MortgageRegistrationResponse, ProgressAnswer, RealEstateRegistryPort, RegistryNotice, RegistryNode } from './real-estate-registry.js';
import { NODE_NAMES, REGISTRY_NODES, REGISTRY_NOTICE_PATH } from './real-estate-registry.js';

interface Case {
  request: MortgageRegistrationRequest;
  acceptId: string;
  reached: BusinessNotice[];
}

/**
 * A 不动产登记中心 speaking the public message set, for the demo city and tests. After an accepted
 * application it walks 受理 → 核定 → 登簿, one node every `stepMs`, posting each notice, signed
 * with its SM2 key, to the platform's notice endpoint (`attach`); `silence` keeps the nodes moving
 * but drops the notices (the progress query still answers), and `seal` sends a 查封 notice on a
 * registered unit.
 */
export class RealEstateRegistrySimulator implements RealEstateRegistryPort {
  private readonly cases = new Map<string, Case>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private serial = 0;
  private silent = false;
  private endpoint: string | null = null;
  private readonly keys: Sm2KeyPair = generateSm2KeyPair();

  constructor(private readonly options: { stepMs: number; now?: () => Date }) {}

  /** The key the platform checks the notices with. */
  get publicKey(): string {
    return this.keys.publicKey;
  }

  /** Where notices go: the platform at `baseUrl`. */
  attach(baseUrl: string): void {
    this.endpoint = `${baseUrl}${REGISTRY_NOTICE_PATH}`;
  }

  /** Posts one notice signed under `noticeId` (tests repeat an id to see the platform's answer). */
  async send(notice: RegistryNotice, noticeId: string = randomUUID().replace(/-/g, '')): Promise<Response> {
    if (!this.endpoint) throw new Error('the registry simulator is not attached to a platform');
    const body = JSON.stringify(notice);
    return fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signRegistryNotice(this.keys, noticeId, this.now(), body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
  }

  /** A refused notice is an error (the caller decides whether to retry). */
  private async notify(notice: RegistryNotice): Promise<void> {
    if (!this.endpoint) return;
    const res = await this.send(notice);
    if (!res.ok) throw new Error(`registry notice refused: ${res.status}`);
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
