// Entry point: one engine client for this window, handed to the store's actions, then the app.
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { setApi } from './state/api.ts';
import { App } from './app/App.tsx';
import '@xterm/xterm/css/xterm.css';
import './styles/theme.css';
import './styles/layout.css';
import './styles/panels.css';

setApi(createClient());
createRoot(document.getElementById('root')!).render(<App />);
