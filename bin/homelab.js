#!/usr/bin/env node
// The installed entry point: runs the compiled CLI, bundled (dist/bundle/, see scripts/build-cli-bundle.mjs).
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
