/** Entry point of the supervisor page (`/AGUI/supervisor/`). */
import { render } from 'preact';
import '../styles.css';
import { SupervisorApp } from './SupervisorApp.tsx';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  render(<SupervisorApp />, root);
}
