// Development entry: the real App on the synthetic engine (see demo-client.ts).
import { createRoot } from 'react-dom/client';
import { setApi } from '../src/state/api.ts';
import { App } from '../src/app/App.tsx';
import { createDemoClient } from './demo-client.ts';
import '@xterm/xterm/css/xterm.css';
import '../src/styles/theme.css';
import '../src/styles/layout.css';
import '../src/styles/panels.css';

setApi(createDemoClient());
createRoot(document.getElementById('root')!).render(<App />);
