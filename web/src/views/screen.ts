/** What every screen gets from the shell: the selected organisation and the query of its URL. */
export interface ScreenProps {
  orgId: string;
  orgName: string;
  params: URLSearchParams;
}

/** The first and last day of a quota period: "2024" or a term "2020-2025". */
export function periodRange(period: string): { from: string; to: string } {
  const [first, last = first] = period.split('-');
  return { from: `${first}-01-01`, to: `${last}-12-31` };
}

/** Today in Việt Nam, YYYY-MM-DD (the server's business day in its default time zone). */
export function todayInVietnam(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
