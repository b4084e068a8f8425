import { lazy, Suspense } from 'react';
import { NavLink, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { ViewErrorBoundary } from './ViewErrorBoundary.js';
import { useConnection } from '../api/context.js';
import { LibraryView } from '../features/library/LibraryView.js';
import { AskView } from '../features/ask/AskView.js';
import { ModelsView } from '../features/models/ModelsView.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { EvaluationView } from '../features/evaluation/EvaluationView.js';
import { ShortcutsDialog } from './shortcuts/ShortcutsDialog.js';
import { useGlobalShortcuts } from './shortcuts/useGlobalShortcuts.js';
import { useDropAnywhere } from '../features/library/useDropAnywhere.js';

// pdf.js is most of the bundle: load it with the Reader, not at start-up.
const ReaderView = lazy(() => import('../features/reader/ReaderView.js').then((m) => ({ default: m.ReaderView })));

const sections = [
  { to: '/library', label: 'Library' },
  { to: '/ask', label: 'Ask' },
  { to: '/reader', label: 'Reader' },
  { to: '/models', label: 'Models' },
  { to: '/evaluation', label: 'Evaluation' },
  { to: '/settings', label: 'Settings' },
];

function ConnectionBanner() {
  const state = useConnection();
  if (state === 'open') return null;
  return (
    <div role="status" className="banner">
      {state === 'connecting' ? 'Connecting to Scholium…' : 'Connection to Scholium lost. Reconnecting…'}
    </div>
  );
}

export function App() {
  const location = useLocation();
  const { helpOpen, closeHelp } = useGlobalShortcuts();
  useDropAnywhere();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Scholium</div>
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
        <p className="shortcut-hint">
          Press <kbd>?</kbd> for keyboard shortcuts
        </p>
      </nav>
      {helpOpen && <ShortcutsDialog onClose={closeHelp} />}
      <main className="content">
        <ConnectionBanner />
        <ViewErrorBoundary key={location.pathname.split('/')[1]}>
          <Suspense fallback={<p role="status">Loading…</p>}>
            <Routes>
              <Route path="/" element={<Navigate to="/library" replace />} />
              <Route path="/library" element={<LibraryView />} />
              <Route path="/library/:paperId" element={<LibraryView />} />
              <Route path="/ask" element={<AskView />} />
              <Route path="/ask/:conversationId" element={<AskView />} />
              <Route path="/reader" element={<ReaderView />} />
              <Route path="/reader/:paperId" element={<ReaderView />} />
              <Route path="/models" element={<ModelsView />} />
              <Route path="/evaluation/*" element={<EvaluationView />} />
              <Route path="/settings" element={<SettingsView />} />
              <Route path="*" element={<Navigate to="/library" replace />} />
            </Routes>
          </Suspense>
        </ViewErrorBoundary>
      </main>
    </div>
  );
}
