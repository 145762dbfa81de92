// Builds the three pages (guest `/`, `/helper`, `/monitor`) and the embeddable widget, which must keep the
// stable name `widget.js` because other sites link to it. Served by src/transport/routes/static.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: {
        guest: here('index.html'),
        helper: here('helper/index.html'),
        monitor: here('monitor/index.html'),
        widget: here('src/widget/widget.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
