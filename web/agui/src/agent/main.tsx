/** Entry point of the agent workspace (`/AGUI/`). */
import { render } from 'preact';
import '../styles.css';
import { AgentApp } from './AgentApp.tsx';

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren();
  render(<AgentApp />, root);
}
