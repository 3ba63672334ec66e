/** The `hilum` command line: global options, subcommands, and the mapping of errors to exit codes. */
import { Command, CommanderError } from 'commander';
import { HilumError } from '../../src-core/errors';
import { registerCommands } from './commands';
import { exitCodeFor, exitCodes } from './exitCodes';
import { printError } from './output';
import { hilumVersion } from '../version';

export function buildProgram(): Command {
  const program = new Command('hilum')
    .description('Hilum: chest X-ray classifier workbench — from DICOM to a calibrated, validated, signed and locked model')
    .version(hilumVersion)
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .option('--data-dir <dir>', 'data directory (default: $HILUM_DATA_DIR, else the OS user-data folder)')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
        return exitCodes.ok;
      return exitCodes.usage;
    }
    const serialized = printError(error, { json });
    return error instanceof HilumError ? exitCodeFor(serialized.code) : exitCodes.failure;
  }
}
