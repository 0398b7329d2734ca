/**
 * Names people type and others read (organisation names, display names, who assigned a quota): one rule for all.
 * Unicode control (Cc) and format (Cf) characters and lone surrogates are refused — invisible, they can make one
 * name look like another or break a printed page — and so is a name that is blank once trimmed.
 */

/** In a `u` regular expression a well-formed pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /\p{Surrogate}/u;
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** What is wrong with `raw` as a name of at most `max` characters (code points, after NFC and trimming), if anything. */
export function plainTextProblem(raw: unknown, max: number): { message: string; messageVi: string } | undefined {
  if (typeof raw !== 'string' || LONE_SURROGATE.test(raw)) return { message: 'must be text', messageVi: 'phải là văn bản' };
  const value = raw.normalize('NFC').trim();
  if (value === '') return { message: 'must not be blank', messageVi: 'không được để trống' };
  if (CONTROL.test(value)) return { message: 'must not contain control or invisible characters', messageVi: 'không được chứa ký tự điều khiển hoặc ký tự ẩn' };
  if ([...value].length > max) return { message: `must be at most ${max} characters`, messageVi: `tối đa ${max} ký tự` };
  return undefined;
}

/** The name as it is stored: NFC, trimmed. Call after `plainTextProblem` found nothing. */
export function plainText(raw: string): string {
  return raw.normalize('NFC').trim();
}

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}
