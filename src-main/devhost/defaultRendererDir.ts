/** Where `npm run build` (electron-vite) writes the renderer: <repo>/out/renderer. */
import { fileURLToPath } from 'node:url';

export const defaultRendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
