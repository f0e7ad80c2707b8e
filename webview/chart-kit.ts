// The figure's Chart.js half (dist/webview/chart-kit.js, 178 of the page's 219 kB): Chart.js with the
// matrix plugin and the two chart configurations. It comes in the page's HTML as inert text (a `text/plain`
// script block) and is run by the page (panel.ts) after its load event, while it waits for the first seed
// (or, if that seed came with the load, once its painted cells are on screen): parsing and running it before
// the load event held back VS Code's showing the page and handing it the run's messages. Running it hands the
// page this kit.
import { applyThemeDefaults, Chart } from './charts';
import { heatmapConfig } from './heatmap';
import { sweepChartConfig } from './sweep-chart';

export interface ChartKit {
  Chart: typeof Chart;
  applyThemeDefaults: typeof applyThemeDefaults;
  heatmapConfig: typeof heatmapConfig;
  sweepChartConfig: typeof sweepChartConfig;
}

const kit: ChartKit = { Chart, applyThemeDefaults, heatmapConfig, sweepChartConfig };
// The page takes the kit from here; tests and the developer tools read the drawn charts through Chart.getChart(canvas).
Object.assign(window, { adamwLensChartKit: kit, Chart });
