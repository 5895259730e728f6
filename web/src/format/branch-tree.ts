/** One node of a bank's branch tree as the workload lists it: the bank first, then depth-first. */
export interface BranchNode {
  branchId: string;
  name: string;
  parentId: string | null;
  open: number;
}

/** The tree's nodes in their order with their depth below the bank (0), for an indented select. */
export function branchTreeOptions<T extends BranchNode>(branches: readonly T[]): (T & { depth: number })[] {
  const depth = new Map<string, number>();
  return branches.map((b) => {
    const d = b.parentId !== null && depth.has(b.parentId) ? depth.get(b.parentId)! + 1 : 0;
    depth.set(b.branchId, d);
    return { ...b, depth: d };
  });
}

/** A branch's name for a chart or list; a recorded assignment may name none (an unmapped old text). */
export function branchLabel(branches: readonly BranchNode[], branchId: string | null): string {
  return branches.find((b) => b.branchId === branchId)?.name ?? '未指定支行';
}
