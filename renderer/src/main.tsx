import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router-dom';
import { createClient } from './api/client.js';
import { ApiProvider } from './api/context.js';
import { App } from './app/App.js';
import './app/theme.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider client={createClient()}>
      <HashRouter>
        <App />
      </HashRouter>
    </ApiProvider>
  </StrictMode>,
);
