import type { Component } from 'vue';
import type { Role, Schemas } from '@/api/schemas';

/**
 * Who may open a page: `public` everyone; `guest` only when not logged in (登录, 企业注册);
 * a list of roles: logged in with one of them.
 */
export type PageAccess = 'public' | 'guest' | readonly Role[];

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title: breadcrumb, side menu and browser tab. */
    title: string;
    access: PageAccess;
    /**
     * Institution people only in these positions (岗位), e.g. 银行对接 for the institution admin:
     * others are not shown the page in the menu and are sent back to their workbench.
     */
    positions?: readonly Schemas['Position'][];
    /** Shown in the side menu (to those it is accessible to), ordered by `order`. */
    menu?: { icon: Component; order: number };
    /** Route name of the page above this one in the breadcrumbs (home is always first). */
    parent?: string;
  }
}

export function canOpen(access: PageAccess, role: Role | null): boolean {
  if (access === 'public') return true;
  if (access === 'guest') return role === null;
  return role !== null && access.includes(role);
}

/** False when the page is kept to some positions and the signed-in person (`me`, once known) holds none of them. */
export function positionMayOpen(positions: readonly Schemas['Position'][] | undefined, me: { readonly position: Schemas['Position'] | null } | null): boolean {
  if (!positions) return true;
  return me !== null && me.position !== null && positions.includes(me.position);
}
