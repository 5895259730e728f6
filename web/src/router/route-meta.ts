import type { Component } from 'vue';
import type { Role } from '@/api/schemas';

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
