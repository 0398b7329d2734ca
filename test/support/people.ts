/**
 * A person nobody else in the test run is: the same nomination with a full name of its own. The engine refuses a second
 * open dossier for the same person (full name and date of birth, domain.md "Duplicates"), so tests that open many
 * dossiers from one fixture give each its own candidate.
 */
let count = 0;

/** `Nguyễn Thị Lan` → `Nguyễn Thị Lan Ba`, `… Bb`, …: letters only, so the name passes every name check. */
function suffix(n: number): string {
  let text = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) text = String.fromCharCode(97 + ((k - 1) % 26)) + text;
  return text[0].toUpperCase() + text.slice(1);
}

export function newPerson<T extends object>(body: T): T {
  const candidate = (body as { candidate?: { fullName: string } }).candidate!;
  return { ...body, candidate: { ...candidate, fullName: `${candidate.fullName} ${suffix(++count + 26)}` } };
}
