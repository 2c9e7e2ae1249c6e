/** Renderer entry: transport → store → bridge → React. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectBridge } from './bridge';
import { initI18n } from './i18n';
import { createAppStore, StoreContext } from './store';
import { selectLocale } from './store/ui.selectors';
import { createTransport } from './transport';
import './styles/base.css';
import './styles/controls.css';
import './styles/avatars.css';
import './styles/signin.css';
import './styles/main.css';
import './styles/roster.css';
import './styles/dialog.css';
import './styles/accounts.css';
import './styles/forms.css';
import './styles/wizard.css';

const api = createTransport();
const store = createAppStore(api);
initI18n(selectLocale(store.getState()));
connectBridge(api, store);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoreContext value={store}>
      <App />
    </StoreContext>
  </StrictMode>,
);
