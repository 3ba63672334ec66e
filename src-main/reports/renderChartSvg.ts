/** Renders an echarts option to an SVG string server-side (echarts' SSR SVG renderer: no DOM, no canvas). */
import * as echarts from 'echarts';
import { HilumError } from '../../src-core/errors';

export interface RenderChartOptions {
  width?: number;
  height?: number;
}

export function renderChartSvg(option: Record<string, unknown>, options: RenderChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } catch (error) {
    throw new HilumError('CHART_RENDER_FAILED', `echarts could not render "${chartTitle(option)}": ${(error as Error).message}`, {
      title: chartTitle(option),
    });
  } finally {
    chart.dispose();
  }
}

function chartTitle(option: Record<string, unknown>): string {
  const title = option.title as { text?: string } | undefined;
  return title?.text ?? 'chart';
}
