/**
 * Which links may leave the app for the system browser (shell.openExternal): https only, and only
 * hosts on this allow-list (project documentation and licences). Everything else is dropped.
 */
export const externalHostAllowList: readonly string[] = ['github.com', 'nihcc.app.box.com', 'physionet.org', 'stanfordmlgroup.github.io'];

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = externalHostAllowList): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && allowList.includes(parsed.hostname);
}
