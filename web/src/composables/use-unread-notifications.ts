import { ref } from 'vue';
import { unreadCount } from '@/api/notifications-api';

/** The caller's unread 站内消息, shared by the header's bell and the 消息中心 page. */
export const unreadNotifications = ref(0);

/** Re-reads the count; a failure keeps the last known count (the bell is not worth an error). */
export async function refreshUnreadNotifications(): Promise<void> {
  try {
    unreadNotifications.value = await unreadCount();
  } catch {
    // The next refresh tries again.
  }
}
