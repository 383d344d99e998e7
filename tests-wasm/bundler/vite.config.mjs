// Builds the app against the local npm package, as `npm install metis-lightnode` would resolve it.
import { fileURLToPath } from 'node:url';

export default {
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { 'metis-lightnode': fileURLToPath(new URL('../../pkg/index.js', import.meta.url)) } },
  build: { target: 'es2022', emptyOutDir: true },
  logLevel: 'warn',
};
