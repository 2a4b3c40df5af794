// Files the person names on the command line (`campaign export --out`): refused with the path and a
// zh-CN reason when they cannot or may not be written (exit 2), checked before the work that makes
// them; written whole or not at all.

import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { outputFileText } from '../domain/text/input.ts';
import { UserInputError } from './errors.ts';

export interface OutputFile {
  /** As the person wrote it: messages show it so. */
  path: string;
  /** An existing file may be replaced (`--force`). */
  force: boolean;
  /** The option that named it, for the messages. */
  option: string;
  /** A file name to suggest when the path is a folder. */
  exampleName: string;
}

const PERMISSION = ['EACCES', 'EPERM', 'EROFS'];

/** The folder as the person wrote it; the current folder by its name, not as “.”. */
const folderShown = (path: string): string => (dirname(path) === '.' ? process.cwd() : dirname(path));

/** Why `out` cannot be written now (nothing when it can). */
export function outputFileProblems(out: OutputFile): string[] {
  const { path, option } = out;
  const folder = dirname(resolve(path));
  try {
    if (!statSync(folder).isDirectory()) return [outputFileText.notAFolder(option, path, folderShown(path))];
    const existing = statSync(path, { throwIfNoEntry: false });
    if (existing?.isDirectory()) return [outputFileText.isAFolder(option, path, join(path, out.exampleName))];
    // `--force` replaces a file of the person's, never a device or a pipe that happens to sit there.
    if (existing && !existing.isFile()) return [outputFileText.notAFile(option, path)];
    if (existing && !out.force) return [outputFileText.exists(option, path)];
    accessSync(folder, constants.W_OK);
    return [];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return [outputFileText.folderMissing(option, path, folderShown(path))];
    if (PERMISSION.includes(code)) return [outputFileText.noPermission(option, path, folderShown(path))];
    throw error;
  }
}

/**
 * Writes `content` to `out`: to a temporary file in the same folder first, then renamed over the path,
 * so a reader never sees half a file and a failure leaves what was there before.
 */
export function writeOutputFile(out: OutputFile, content: Uint8Array): void {
  const refuse = (problems: string[]) => {
    if (problems.length) throw new UserInputError(problems);
  };
  refuse(outputFileProblems(out));
  const target = resolve(out.path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
    // Checked again: the file may have appeared while this one was being written.
    refuse(out.force ? [] : outputFileProblems(out));
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (PERMISSION.includes(code)) refuse([outputFileText.noPermission(out.option, out.path, folderShown(out.path))]);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') refuse(outputFileProblems(out));
    throw error;
  }
}

/**
 * Makes a file and writes it to `out` (`hazard export`, `task export`): a bad `out` and the making's input
 * problems (a filter naming an unknown id) are named together, before anything is written; the file is
 * written whole or not at all. Returns what `make` said besides the bytes, and their number.
 */
export async function writeMadeFile<T extends { file: Uint8Array }>(out: OutputFile, make: () => Promise<T>): Promise<Omit<T, 'file'> & { bytes: number }> {
  const problems = outputFileProblems(out);
  let made: T | undefined;
  try {
    made = await make();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    problems.unshift(...error.problems);
  }
  if (problems.length || !made) throw new UserInputError(problems);
  writeOutputFile(out, made.file);
  const { file, ...rest } = made;
  return { ...rest, bytes: file.length };
}
