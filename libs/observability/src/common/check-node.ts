// Imported first by the package's entry points: on a Node.js older than engines, loading fails with one clear line.
import { assertSupportedNode } from './node-version.js';

assertSupportedNode();
