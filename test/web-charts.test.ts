import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

const SHARED = 'components/data-chart.vue';

// The demo's 担保业务月报 in a month without business drew two bar series of zeros as empty axes,
// which reads as a broken page. Every chart goes through DataChart, which says what will appear
// there when its values are all zero or missing (web/src/components/chart-values.ts).
describe('every chart', () => {
  it('is drawn by DataChart, never by vue-echarts directly', () => {
    const direct = vueFiles(WEB_SRC)
      .filter((file) => relative(WEB_SRC, file) !== SHARED)
      .filter((file) => /from 'vue-echarts'|<v-chart\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(WEB_SRC, file));
    expect(direct).toEqual([]);
  });

  it('says what will appear there when it has nothing to draw', () => {
    const silent: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const tag of source.match(/<data-chart\b(?:[^>"]|"[^"]*")*>/g) ?? []) {
        if (!/\s:?empty-text="[^"]+"/.test(tag)) silent.push(`${relative(WEB_SRC, file)}: ${tag.slice(0, 60)}`);
      }
    }
    expect(silent).toEqual([]);
  });

  // A chart drawn before its figures came said 暂无… for that moment (beneath a card's loading mask,
  // and where a page had none, plainly): every chart is told whether its figures are on their way.
  it('is told whether its figures are loading', () => {
    const untold: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const tag of source.match(/<data-chart\b(?:[^>"]|"[^"]*")*>/g) ?? []) {
        if (!/\s:loading="[^"]+"/.test(tag)) untold.push(`${relative(WEB_SRC, file)}: ${tag.slice(0, 60)}`);
      }
    }
    expect(untold).toEqual([]);
  });
});
