import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { Answer } from '../../../../electron/contract/ops/ask.js';
import { usePreferences } from '../../data/preferences.js';
import { AskEmptyState } from './AskEmptyState.js';
import { ConversationList } from './ConversationList.js';
import { ExportButtons } from './ExportButtons.js';
import { AskBox } from './AskBox.js';
import { AskOptions } from './AskOptions.js';
import { TurnView } from './TurnView.js';
import { PendingTurnView } from './PendingTurnView.js';
import { useConversation, type AskRequest } from './useConversation.js';
import { useConversations } from './useConversations.js';
import { isTyping } from '../../lib/keys.js';
import { focusCitation } from './citationKeys.js';
import { usePapers } from '../../data/usePapers.js';
import { useModels } from '../../data/useModels.js';
import './ask.css';

/** Chat with the library: streaming answers whose every [n] is checked against its passage. */
export function AskView() {
  const { conversationId = null } = useParams();
  const navigate = useNavigate();
  const list = useConversations();
  const library = usePapers();
  const models = useModels();
  const [preferences, updatePreferences] = usePreferences();
  const [request, setRequest] = useState<AskRequest>({
    scope: {},
    k: preferences.defaultK,
    adapters: [],
    useRetrieval: true,
  });
  const { refresh } = list;
  const onAnswered = useCallback(
    (answer: Answer, created: boolean) => {
      refresh();
      if (created) navigate(`/ask/${encodeURIComponent(answer.conversationId)}`, { replace: true });
    },
    [navigate, refresh],
  );
  const conversation = useConversation(conversationId, onAnswered);
  const { busy, stop, turns } = conversation;
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const turnsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && busy) {
        e.preventDefault();
        stop();
        return;
      }
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        inputRef.current?.focus();
      } else if ((e.key === ']' || e.key === '[') && turnsRef.current !== null) {
        if (focusCitation(turnsRef.current, e.key === ']' ? 1 : -1) !== null) e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, stop]);

  const remove = async (id: string): Promise<void> => {
    if ((await list.remove(id)) && id === conversationId) navigate('/ask');
  };

  const empty = turns.length === 0 && conversation.pending === null && !conversation.loading;
  return (
    <>
      <h1>Ask</h1>
      <div className="ask-layout">
        <ConversationList
          conversations={list.conversations}
          error={list.error}
          current={conversationId}
          onDelete={(id) => void remove(id)}
        />
        <section className="ask-main" aria-label="Conversation">
          <AskOptions
            value={request}
            onChange={(next) => {
              setRequest(next);
              // The passage count is a preference: kept for the next visit, and shown in Settings.
              if (next.k !== undefined && next.k !== preferences.defaultK) updatePreferences({ defaultK: next.k });
            }}
            papers={library.papers ?? []}
            collections={library.collections}
            models={models.models ?? []}
            adapters={models.adapters}
            defaultChat={models.defaults.chat}
          />
          {conversation.loadError !== null && <p role="alert">{conversation.loadError}</p>}
          {empty && conversation.loadError === null && (
            <AskEmptyState
              papers={library.papers?.length ?? null}
              chatModels={models.models === null ? null : models.models.filter((m) => m.roles.includes('chat')).length}
            />
          )}
          <div ref={turnsRef} className="turns">
            {turns.map((t) => (
              <TurnView key={t.turnId} answer={t} onMarkGood={(good) => conversation.markGood(t, good)} />
            ))}
            {conversation.pending !== null && (
              <PendingTurnView turn={conversation.pending} onDismiss={conversation.dismiss} />
            )}
          </div>
          <p className="visually-hidden" role="status">
            {busy ? 'Answering…' : turns.length > 0 ? 'Answer ready.' : ''}
          </p>
          {conversationId !== null && turns.length > 0 && <ExportButtons conversationId={conversationId} />}
          <AskBox
            inputRef={inputRef}
            busy={busy}
            stopping={conversation.pending?.stopping ?? false}
            onAsk={(q) => void conversation.ask(q, request)}
            onStop={stop}
          />
        </section>
      </div>
    </>
  );
}
