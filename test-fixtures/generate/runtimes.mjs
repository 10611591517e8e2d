// The two awaitly lines the fixtures are written with, as one object each: the same names, imported from where
// each line keeps them (1.35.0 spreads them over subpaths; 4.x has only the root, /durable, /result, /testing).
import * as root135 from 'awaitly';
import * as durable135 from 'awaitly/durable';
import * as workflow135 from 'awaitly/workflow';
import * as persistence135 from 'awaitly/persistence';
import * as root4 from 'awaitly-4';
import * as durable4 from 'awaitly-4/durable';
import { expect, packageVersion } from './support.mjs';

const line = (version, specifier, api) => {
  const installed = packageVersion(specifier);
  expect(installed === version, `${specifier} should be awaitly ${version}`, installed);
  return { version, specifier, ...api };
};

export const awaitly135 = line('1.35.0', 'awaitly', {
  ok: root135.ok,
  err: root135.err,
  durable: durable135.durable,
  isWorkflowCancelled: durable135.isWorkflowCancelled,
  createWorkflow: workflow135.createWorkflow,
  serializeResumeState: workflow135.serializeResumeState,
  deserializeResumeState: workflow135.deserializeResumeState,
  isSerializedResumeState: workflow135.isSerializedResumeState,
  validateSnapshot: persistence135.validateSnapshot,
  looksLikeWorkflowSnapshot: persistence135.looksLikeWorkflowSnapshot,
});

export const awaitly4 = line('4.5.1', 'awaitly-4', {
  ok: root4.ok,
  err: root4.err,
  durable: durable4.durable,
  isWorkflowCancelled: durable4.isWorkflowCancelled,
  createWorkflow: root4.createWorkflow,
  serializeResumeState: root4.serializeResumeState,
  deserializeResumeState: root4.deserializeResumeState,
  isSerializedResumeState: root4.isSerializedResumeState,
  validateSnapshot: root4.validateSnapshot,
  looksLikeWorkflowSnapshot: root4.looksLikeWorkflowSnapshot,
});

export const lines = [awaitly135, awaitly4];
