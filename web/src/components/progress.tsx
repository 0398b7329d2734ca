/**
 * Achievement against a target, as an organisation department reports it: "72/80, đạt 90%". Past 100 % the bar is
 * full and a second colour shows the excess; the text says "vượt chỉ tiêu".
 */
import { useI18n } from '../i18n';

export function QuotaProgress({ achieved, target, targetMax, percent }: { achieved: number; target: number; targetMax: number | null; percent: number }) {
  const { t, number, percent: pct } = useI18n();
  const targetText = targetMax !== null && targetMax !== target ? `${number(target)}–${number(targetMax)}` : number(target);
  const summary = `${number(achieved)}/${targetText}, ${t('reached')} ${pct(percent)}`;
  const within = Math.min(percent, 100);
  // Past the target, the bar stands for the achievement: the target mark sits at target/achieved of its width.
  const over = percent > 100;
  const mark = over ? (100 * 100) / percent : 100;
  return (
    <div class="quota-progress">
      <div
        class={over ? 'progress over' : 'progress'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={target}
        aria-valuenow={achieved}
        aria-valuetext={summary}
      >
        <span class="fill" style={{ width: `${over ? mark : within}%` }} />
        {over && <span class="excess" style={{ left: `${mark}%`, width: `${100 - mark}%` }} />}
      </div>
      <p class="quota-figure">
        <span class="quota-summary">{summary}</span>
        {over && <span class="badge over-badge">{t('overTarget')}</span>}
      </p>
    </div>
  );
}
