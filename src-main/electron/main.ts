/**
 * Electron main: registers the app protocol, denies permissions, guards navigation of every
 * webContents, routes all IPC through one validated router, runs jobs in utilityProcesses.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, ipcMain, protocol, session, shell } from 'electron';
import { createAppHandlers } from '../app/createAppHandlers';
import { createAppServices } from '../app/createAppServices';
import { appScheme, appSchemePrivileges } from './appProtocol';
import { createIpcRouter, invokeChannel } from './createIpcRouter';
import { createMainWindow } from './createMainWindow';
import { createNavigationGuards, installNavigationGuards } from './createNavigationGuards';
import { createProtocolHandler } from './createProtocolHandler';
import { blockRemoteRequests } from './blockRemoteRequests';
import { denyPermissions } from './denyPermissions';
import { openGradientWindow } from './openGradientWindow';
import { UtilityProcessHost } from './UtilityProcessHost';
import { installSafeStorageSigningKey } from './installSafeStorageSigningKey';

// Built layout (electron-vite): out/main/index.js, out/main/workerUtility.js, out/preload/preload.cjs, out/renderer/.
const outDir = fileURLToPath(new URL('..', import.meta.url));
const rendererDir = path.join(outDir, 'renderer');
const preload = path.join(outDir, 'preload', 'preload.cjs');
const gradientPreload = path.join(outDir, 'preload', 'gradientWindowPreload.cjs');
const workerEntry = path.join(outDir, 'main', 'workerUtility.js');

protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: appSchemePrivileges }]);
app.enableSandbox();

const guards = createNavigationGuards((url) => shell.openExternal(url));
app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, guards));

app.whenReady().then(() => {
  denyPermissions(session.defaultSession);
  blockRemoteRequests(session.defaultSession);
  protocol.handle(appScheme, createProtocolHandler(rendererDir));
  // Before the store opens: its first append must sign with the sealed key.
  console.log(installSafeStorageSigningKey());
  const services = createAppServices({
    version: app.getVersion(),
    dataDir: process.env.HILUM_DATA_DIR ?? path.join(app.getPath('userData'), 'data'),
    reviewDirs: process.env.HILUM_REVIEW_DIRS ? process.env.HILUM_REVIEW_DIRS.split(path.delimiter) : [],
    // HILUM_WORKERS caps the pool (default: os.availableParallelism()); each worker is a utilityProcess.
    host: () =>
      new UtilityProcessHost(workerEntry, {
        ...(Number(process.env.HILUM_WORKERS) > 0 ? { size: Number(process.env.HILUM_WORKERS) } : {}),
        // A training job with backend webgpu computes its gradients in a hidden window (Electron's Chromium has WebGPU).
        openGradientWindow: () => openGradientWindow(gradientPreload),
      }),
  });
  ipcMain.handle(invokeChannel, createIpcRouter(createAppHandlers(services)));
  createMainWindow(preload);
  app.on('window-all-closed', () => {
    void services.close().finally(() => app.quit());
  });
});
