// Whether a doctor's notice already says how long the delay is, so the patient page and the
// waiting-room screen add their own "Expect a delay of about N min" only when it does not.
// No imports: the patient page's small bundle includes this file.

/**
 * The message names `minutes` as a delay: the number itself (not part of a longer one) followed by
 * a word for minutes ("20 min", "20 minutes", "20 minutos", "20 मिनट"). A room or ticket number
 * that happens to match is not followed by one, so it does not count.
 */
export function noticeStatesDelay(message: string, minutes: number): boolean {
  if (!message || minutes <= 0) return false;
  return new RegExp(`(^|[^0-9])${minutes}\\s*(min|मिनट)`, "iu").test(message);
}
