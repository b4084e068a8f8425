import type { JobRate } from './events.js';

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds / 5) * 5)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function speed(perSecond: number): string {
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond >= 1 ? perSecond.toFixed(1) : perSecond.toFixed(2);
}

/**
 * A job's rate in words, as the UI and the CLI show it: "52 pages/s · 4 pages by OCR, 0.61/s · about 2 min left"
 * ('' before anything is measured).
 */
export function describeRate(rate: JobRate): string {
  const parts: string[] = [];
  if (rate.perSecond !== null) parts.push(`${speed(rate.perSecond)} ${rate.unit}/s`);
  if (rate.ocr !== null)
    parts.push(
      `${rate.ocr.done} ${rate.ocr.done === 1 ? 'page' : 'pages'} by OCR${rate.ocr.perSecond === null ? '' : `, ${speed(rate.ocr.perSecond)}/s`}`,
    );
  if (rate.remainingSeconds !== null) parts.push(`about ${duration(rate.remainingSeconds)} left`);
  return parts.join(' · ');
}
