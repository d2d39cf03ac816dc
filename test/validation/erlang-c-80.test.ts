import { erlangCCase } from './support.ts';

// One case per file, so the test runner can run the cases side by side.
erlangCCase(20, 0.8, 0.04);
