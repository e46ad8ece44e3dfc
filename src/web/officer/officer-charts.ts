/**
 * Geometry of the statistics charts, drawn on the server as inline SVG: the templates only place the numbers
 * computed here (every label stays text the template escapes). Narrow view boxes keep the text readable on a phone.
 */

export const CHART_WIDTH = 360;

export interface CityBarInput {
  label: string;
  total: number;
  /** 0 to 1, or null when no introduction was answered yet. */
  acceptanceRate: number | null;
  acceptanceText: string;
}

export interface CityBarChart {
  width: number;
  height: number;
  rows: Array<{ label: string; labelY: number; barY: number; barWidth: number; valueX: number; valueY: number; total: number; rateY: number; rateWidth: number; rateValueX: number; rateValueY: number; acceptanceText: string }>;
}

const CITY_ROW = 50;
const BAR_AREA = 270;

/** Per partner city: a bar of the requests made, and below it a thinner bar of the acceptance rate (0–100 %). */
export function cityBarChart(cities: CityBarInput[]): CityBarChart {
  const widest = Math.max(1, ...cities.map((city) => city.total));
  return {
    width: CHART_WIDTH,
    height: Math.max(cities.length * CITY_ROW, CITY_ROW),
    rows: cities.map((city, index) => {
      const top = index * CITY_ROW;
      const barWidth = Math.max(Math.round((city.total / widest) * BAR_AREA), city.total > 0 ? 2 : 0);
      const rateWidth = city.acceptanceRate === null ? 0 : Math.round(city.acceptanceRate * BAR_AREA);
      return {
        label: city.label,
        labelY: top + 13,
        barY: top + 18,
        barWidth,
        valueX: barWidth + 6,
        valueY: top + 29,
        total: city.total,
        rateY: top + 34,
        rateWidth,
        rateValueX: rateWidth + 6,
        rateValueY: top + 42,
        acceptanceText: city.acceptanceText,
      };
    }),
  };
}

export interface MonthInput {
  label: string;
  total: number;
  accepted: number;
}

export interface MonthChart {
  width: number;
  height: number;
  baseline: number;
  months: Array<{ label: string; showLabel: boolean; labelX: number; x: number; barWidth: number; totalY: number; totalHeight: number; acceptedX: number; acceptedY: number; acceptedHeight: number; total: number; accepted: number; valueY: number }>;
  gridLines: Array<{ y: number; value: number }>;
}

const MONTH_TOP = 16;
const MONTH_PLOT = 150;
const LEFT = 28;

/** Requests per month as bars, with the accepted ones beside them; at most about eight month labels. */
export function monthChart(months: MonthInput[]): MonthChart {
  const highest = Math.max(1, ...months.map((month) => month.total));
  const slot = (CHART_WIDTH - LEFT - 4) / Math.max(months.length, 1);
  const barWidth = Math.max(Math.floor(slot * 0.4), 1);
  const labelEvery = Math.ceil(months.length / 8);
  const height = (value: number) => Math.round((value / highest) * MONTH_PLOT);
  const baseline = MONTH_TOP + MONTH_PLOT;
  const step = niceStep(highest);
  const gridLines = [];
  for (let value = step; value <= highest; value += step) gridLines.push({ y: baseline - height(value), value });
  return {
    width: CHART_WIDTH,
    height: baseline + 22,
    baseline,
    gridLines,
    months: months.map((month, index) => {
      const x = LEFT + index * slot + (slot - 2 * barWidth) / 2;
      return {
        label: month.label,
        showLabel: index % labelEvery === 0,
        labelX: Math.round(LEFT + index * slot + slot / 2),
        x: Math.round(x),
        barWidth,
        totalY: baseline - height(month.total),
        totalHeight: height(month.total),
        acceptedX: Math.round(x + barWidth),
        acceptedY: baseline - height(month.accepted),
        acceptedHeight: height(month.accepted),
        total: month.total,
        accepted: month.accepted,
        valueY: baseline - height(month.total) - 3,
      };
    }),
  };
}

/** 1, 2 or 5 times a power of ten, so that there are at most about four grid lines. */
function niceStep(highest: number): number {
  const rough = highest / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  return [1, 2, 5, 10].map((factor) => factor * power).find((step) => step >= rough) ?? 10 * power;
}
