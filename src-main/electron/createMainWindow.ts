/** Creates the app window: secure preferences, content from hilum://app, shown once ready. */
import { BrowserWindow } from 'electron';
import { appEntryUrl } from './appProtocol';
import { secureWebPreferences } from './secureWebPreferences';

export function createMainWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Hilum',
    webPreferences: { ...secureWebPreferences(preload) },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}
