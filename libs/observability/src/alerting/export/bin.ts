#!/usr/bin/env node
// The rules parser reads durations through the configuration pillar, whose schema decorators need Reflect metadata.
import 'reflect-metadata';
import { main } from './cli.js';

process.exitCode = main(
  process.argv.slice(2),
  (text) => process.stdout.write(text),
  (text) => process.stderr.write(text),
);
