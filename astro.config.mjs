// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

// Inlined in every page: makes sideways-scrolling tables and diagrams keyboard-reachable.
const focusableScrollers = readFileSync(
  new URL('./src/scripts/focusable-scrollers.js', import.meta.url),
  'utf8',
);

// Lessons live in ./content (not src/content/docs); see src/content.config.ts.
export default defineConfig({
  output: 'static',
  integrations: [
    starlight({
      title: 'Tiempo Real',
      description:
        'Curso interactivo de comunicación en tiempo real para la web: short polling, long polling, SSE, WebSocket y Socket.IO.',
      favicon: '/favicon.svg',
      defaultLocale: 'root',
      locales: { root: { label: 'Español', lang: 'es' } },
      lastUpdated: false,
      customCss: ['./src/styles/custom.css'],
      head: [{ tag: 'script', content: focusableScrollers }],
      // Starlight only runs its Markdown pipeline (asides, heading links) on src/content/docs
      // unless told about other folders.
      markdown: { processedDirs: ['./content'] },
      sidebar: [
        {
          label: 'Lecciones',
          // Starlight resolves this against src/content/docs; entries outside it keep their
          // root-relative path, hence the `content/` prefix.
          autogenerate: { directory: 'content/lecciones' },
        },
        { label: 'Guía para docentes', link: '/guia-docente/' },
      ],
    }),
    preact(),
  ],
});
