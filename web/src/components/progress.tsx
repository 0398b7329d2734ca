/**
 * Achievement against a quota, as an organisation department reports it: "72/80, đạt 90%". A range is written
 * "80–100" and its percent is of the floor ("đạt 90% mức tối thiểu"); an "at least" target is written "ít nhất 400"
 * and has no percent, since a floor has no 100 % to be a share of. Beside the figure, the API's `met` as words:
 * short by how many, met, or past the top of the target (the figure itself, or the range's upper bound: "vượt chỉ
 * tiêu"). Past the top the bar is full and a second colour shows the excess.
 */
import type { Quota } from '../api';
import { useI18n } from '../i18n';

export function QuotaProgress({ quota }: { quota: Quota }) {
  const { t, number, percent: pct } = useI18n();
  const { achieved, target, targetMax, atLeast, percent, met } = quota;
  const range = targetMax !== null && targetMax !== target;
  const summary = atLeast
    ? `${number(achieved)}/${t('atLeastTarget', { target: number(target) })}`
    : range
      ? `${number(achieved)}/${number(target)}–${number(targetMax)}, ${t('ofFloor', { percent: pct(percent) })}`
      : `${number(achieved)}/${number(target)}, ${t('reached')} ${pct(percent)}`;
  // A floor has no top to go past: reaching it is meeting it.
  const top = targetMax ?? target;
  const over = met && !atLeast && achieved > top;
  const status = !met ? t('notMet', { missing: number(target - achieved) }) : over ? t('overTarget') : t('metTarget');
  // The bar spans the top of the target; past it, the bar stands for the achievement and the top sits at top/achieved.
  const beyond = achieved > top;
  const mark = beyond ? (100 * top) / achieved : top > 0 ? Math.min(100, (100 * achieved) / top) : 100;
  return (
    <div class="quota-progress" data-met={String(met)}>
      <div
        class={beyond ? 'progress over' : 'progress'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={top}
        aria-valuenow={achieved}
        aria-valuetext={`${summary} — ${status}`}
      >
        <span class="fill" style={{ width: `${mark}%` }} />
        {beyond && <span class="excess" style={{ left: `${mark}%`, width: `${100 - mark}%` }} />}
      </div>
      <p class="quota-figure">
        <span class="quota-summary">{summary}</span>
        <span class={`badge ${!met ? 'short-badge' : over ? 'over-badge' : 'met-badge'}`}>{status}</span>
      </p>
    </div>
  );
}
