import { afterAll } from 'vitest';
import { closeOpenPortals } from '../browser/helpers/portal.js';

// Registered before the file's own hooks, so it runs after them: a portal the file closed is gone
// by then, and one it left open is closed here instead of holding the browser turn.
afterAll(closeOpenPortals);
