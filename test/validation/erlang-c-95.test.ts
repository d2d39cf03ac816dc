import { erlangCCase } from './support.ts';

// One case per file, so the test runner can run the cases side by side.
erlangCCase(100, 0.95, 0.16);
