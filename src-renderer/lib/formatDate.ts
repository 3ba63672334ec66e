/** Dates as people read them: local time to the minute, with the exact UTC instant kept for a hover title. */

const local = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "3 Dec 2026, 09:15" in the viewer's time zone; the text itself when it is not a date. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isFinite(time) ? local.format(time) : iso;
}

/** "2026-12-03 08:15:42 UTC" for the title attribute. */
export function utcTitle(iso: string | null | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isFinite(time)
    ? `${new Date(time)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, '')} UTC`
    : iso;
}
