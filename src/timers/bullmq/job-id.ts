/**
 * The BullMQ job id of a wake-up. Deterministic, so every replica and the sweep name the same job; BullMQ uses
 * `:` as its key separator and rejects it in custom ids, and rejects ids that read as integers. `%` is escaped
 * first, which keeps the mapping one-to-one; the `w-` prefix keeps it from ever being numeric.
 */
export function jobIdFor(wakeUpId: string): string {
  return `w-${wakeUpId.replace(/%/g, '%25').replace(/:/g, '%3A')}`;
}
