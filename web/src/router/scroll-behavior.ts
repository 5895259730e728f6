import type { RouterScrollBehavior } from 'vue-router';

/** How long Back waits for the rows of the page it returns to before scrolling as far as the page reaches. */
export const RESTORE_WAIT_MS = 5_000;

/** What `untilReachable` reads of the page: how far it can scroll now, a next frame, a clock. */
export interface PageRoom {
  room: () => number;
  frame: (step: () => void) => void;
  now: () => number;
}

const browserRoom: PageRoom = {
  room: () => document.documentElement.scrollHeight - window.innerHeight,
  frame: (step) => requestAnimationFrame(step),
  now: () => performance.now(),
};

/**
 * Resolves once the page can scroll to `top`, or after `waitMs` (a list that came back shorter).
 * A page opened by Back reads its rows again, so right after the navigation it is too short to
 * hold the position the person left it at.
 */
export function untilReachable(top: number, page: PageRoom = browserRoom, waitMs = RESTORE_WAIT_MS): Promise<void> {
  const until = page.now() + waitMs;
  return new Promise((resolve) => {
    const check = () => (page.room() >= top || page.now() >= until ? resolve() : page.frame(check));
    check();
  });
}

/**
 * Back and Forward return to where the person was on that page (a list's row they had scrolled
 * to, its filters and page already kept in the address). A page that writes its own filters, tab,
 * page or 加载更多 into the address stays where it is (the rows listed further on are read where
 * the person is); any other navigation starts at the top.
 */
export const scrollBehavior: RouterScrollBehavior = (to, from, saved) => {
  if (saved) return untilReachable(saved.top).then(() => saved);
  if (to.path === from.path) return false;
  return { top: 0 };
};
