// The package version, inlined by esbuild from package.json (only this field is bundled).
import { version } from '../../../package.json';

export const TOOL_NAME = 'awaitly-lens';
export const TOOL_VERSION: string = version;
