/**
 * Defence in depth behind the CSP: the app is offline by design, so the session cancels every request
 * to the network (http, https, ws, wss, ftp). Content is served only from hilum://app.
 */
export const remoteUrlPatterns = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

export interface WebRequestSession {
  webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
}

export function blockRemoteRequests(session: WebRequestSession): void {
  session.webRequest.onBeforeRequest({ urls: remoteUrlPatterns }, (_details, callback) => callback({ cancel: true }));
}
