// The figure's Chart.js half (dist/webview/chart-kit.js, ≈ 190 of the page's 217 kB): Chart.js with the
// matrix plugin and the two chart configurations. It comes in the page's HTML as inert text (a
// `text/plain` script block) and is run by the page (panel.ts) where the first chart is built, after the
// first seed's cells are on screen: parsing and running it before the page's load event held back VS Code's
// showing the page and handing it the run's messages. Running it hands the page this kit.
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
