/** Registers every `hilum` subcommand (one file per command). */
import type { Command } from 'commander';
import { register as registerDoctor } from './doctor';

export function registerCommands(program: Command): void {
  registerDoctor(program);
}
