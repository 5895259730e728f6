import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The portal build. `@server/*` reaches into the platform's `src/` for the few pure modules the
 * browser shares with the server (USCC rules, generated API types, the data categories' option
 * labels), so both check and say the same thing.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: {
      '@server': fileURLToPath(new URL('../src', import.meta.url)),
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Element Plus and ECharts change far less often than the pages: separate, long-cached chunks.
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@vueuse|lodash-es|dayjs|@floating-ui|@popperjs|@sxzz)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router)[\\/]/ },
          ],
        },
      },
    },
  },
  // `npm run dev:web`: hot reload on :5173, API calls go to a platform started with `npm start`.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
