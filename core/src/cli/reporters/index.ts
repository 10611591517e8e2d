// The --format table. A new format is one file here plus one entry below.
import { githubReporter } from './github';
import { jsonReporter } from './json';
import { sarifReporter } from './sarif';
import { textReporter } from './text';
import type { Reporter } from './types';

export const REPORTERS: Readonly<Record<string, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
