import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Keeps the application's files on the device (never the API's answers): it opens on a slow or
// dropped connection. Browsers allow this on https and on localhost only.
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active?.postMessage({ keep: performance.getEntriesByType('resource').map((entry) => entry.name) }))
    .catch(() => undefined);
}
