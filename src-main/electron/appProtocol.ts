/** The custom protocol the app's pages are served from (never file://): hilum://app/... */
export const appScheme = 'hilum';
export const appHost = 'app';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin that fetch can use. */
export const appSchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: false,
  stream: true,
  bypassCSP: false,
  allowServiceWorkers: false,
} as const;

/** True only for URLs of the app's own origin (scheme and host both checked). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}
