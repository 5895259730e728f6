/** `13812341234` → `138****1234`. Anything that is not an 11-digit mobile is fully masked. */
export function maskMobile(mobile: string): string {
  return /^\d{11}$/.test(mobile) ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '*'.repeat(mobile.length);
}
