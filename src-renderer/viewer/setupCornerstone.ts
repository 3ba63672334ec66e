/** Starts cornerstone3D core and tools once, registers the hilum: loader and the mouse tools (W/L, pan, zoom). */
import { bug } from '../../src-core/errors';
import { init as initCore, RenderingEngine } from '@cornerstonejs/core';
import { addTool, Enums as ToolEnums, init as initTools, PanTool, ToolGroupManager, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';
import { registerHilumImageLoader } from './hilumImageLoader';

export const renderingEngineId = 'hilum-rendering-engine';
export const toolGroupId = 'hilum-viewer-tools';
let started: Promise<RenderingEngine> | undefined;

async function start(): Promise<RenderingEngine> {
  await initCore();
  initTools();
  registerHilumImageLoader();
  for (const tool of [WindowLevelTool, PanTool, ZoomTool]) addTool(tool);
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw bug('cornerstone tools: could not create the viewer tool group');
  group.addTool(WindowLevelTool.toolName);
  group.addTool(PanTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
  return new RenderingEngine(renderingEngineId);
}

export function setupCornerstone(): Promise<RenderingEngine> {
  started ??= start();
  return started;
}
