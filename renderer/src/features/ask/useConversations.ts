import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context.js';
import type { ConversationSummary } from './ConversationList.js';

/** Stored conversations, newest first; `refresh` after a new turn, `remove` deletes one. */
export function useConversations() {
  const api = useApi();
  const [list, setList] = useState<{ items: ConversationSummary[] | null; error: string | null }>({
    items: null,
    error: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.invoke('conversations.list', {}).then((r) => {
      if (live) setList(r.ok ? { items: r.value, error: null } : { items: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const remove = useCallback(
    async (conversationId: string): Promise<boolean> => {
      const r = await api.invoke('conversations.delete', { conversationId });
      refresh();
      return r.ok && r.value.deleted;
    },
    [api, refresh],
  );
  return { conversations: list.items, error: list.error, refresh, remove };
}
