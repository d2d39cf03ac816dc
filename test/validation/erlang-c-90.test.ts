import { erlangCCase } from './support.ts';

// One case per file, so the test runner can run the cases side by side.
erlangCCase(50, 0.9, 0.08);
