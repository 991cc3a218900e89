// `npm run dev`: browser mode with hot reload — the backend server with Vite's dev middleware behind the token.
import { startDevServer } from '../../electron/server/dev-server.ts';

await startDevServer();
