import type { ApiProblem } from '@/api/problem';
import type { Role } from '@/api/schemas';
import { ROLE_HOME } from '@/session/role-home';

/**
 * Whether a page's own read was refused for the value the address carries (`:id`, `?zone=`): a
 * malformed value (400) or a record that does not exist or is not the person's (404). Reading
 * again cannot help, so the page offers the way back instead of 重试.
 */
export function refusedForTheAddress(problem: Pick<ApiProblem, 'status'>): boolean {
  return problem.status === 400 || problem.status === 404 || problem.status === 410;
}

/** What the router knows of a route by name: enough to name the page above. */
export interface RouteLookup {
  titleOf(name: string): string | undefined;
}

/**
 * The page a refused address sends its person back to: the breadcrumb parent of the page (the
 * list the record is opened from), else the person's workbench, else the home page.
 */
export function wayBack(parent: string | undefined, role: Role | null, routes: RouteLookup): { name: string; title: string } {
  for (const name of [parent, role === null ? undefined : ROLE_HOME[role], 'home']) {
    if (name === undefined) continue;
    const title = routes.titleOf(name);
    if (title !== undefined) return { name, title: name === 'home' ? '首页' : title };
  }
  return { name: 'home', title: '首页' };
}
