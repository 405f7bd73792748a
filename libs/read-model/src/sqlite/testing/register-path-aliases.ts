/*
 * Loaded with `node -r` before a TypeScript child process of a test (run through ts-node): resolves the @roster/*
 * aliases of tsconfig.json as jest's moduleNameMapper does in the test process itself.
 */
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { readConfigFile, sys } from 'typescript';

const root = resolve(__dirname, '../../../../..');
const { config } = readConfigFile(join(root, 'tsconfig.json'), (path) => sys.readFile(path));
const paths = (config as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = (request, ...rest) =>
  resolveFilename(paths[request] === undefined ? request : join(root, paths[request][0]), ...rest);
