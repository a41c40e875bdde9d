// `node libs/observability/bundle.mjs`, run by `npm run build` after tsc.
//
// The published entry points, bundled from tsc's output (dist/) into dist/bundle/: the library's ~280 modules load as
// a few files, which cuts what importing it costs at startup by ~40% (docs/performance.md, "Startup"). Dependencies
// stay external: the app's own copies of Nest, OpenTelemetry and the rest are the ones used.
//
// The workers are entries too, so that `new URL('./<name>.worker.js', import.meta.url)` finds them beside the chunk
// that starts them, as it does beside their modules in dist/. Shared modules go to shared chunks, so the preload
// (`register`) and the index run one copy of each module. `keepNames`: Nest names classes in its messages, and a
// bundle otherwise renames a class whose name another module also uses.
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const dist = (path) => fileURLToPath(new URL(`./dist/${path}`, import.meta.url));

const options = {
  input: {
    index: dist('index.js'),
    register: dist('tracing/register.js'),
    prometheus: dist('metrics/prometheus.js'),
    'loki.worker': dist('logging/loki/loki.worker.js'),
    'egress.worker': dist('common/egress/egress.worker.js'),
  },
  // Everything that is not the library's own file: packages and Node's modules.
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir: dist('bundle'),
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[hash].js',
    keepNames: true,
    // Without the doc comments (a fifth of the code; the source maps keep them) and with non-ASCII characters
    // escaped, so that Node reads each chunk as one-byte text: importing the package costs ~11 ms less CPU
    // (12 paired runs on the bench machine, every one faster). Strings are unchanged; there are no regex literals
    // with non-ASCII characters, whose meaning escaping could change.
    comments: { legal: true, annotation: true, jsdoc: false },
    charset: 'ascii',
    // The Node.js version check in a chunk of its own, with nothing else in it, so that the chunks that import it
    // can import it first: on a Node older than `engines` loading stops with its one line (a spec on the bundle,
    // test/bundle/entry-points.bundle-spec.ts, holds it for every entry point).
    codeSplitting: { groups: [{ name: 'check-node', test: /dist\/common\/(check-node|node-version)\.js$/, priority: 10 }] },
    sourcemap: true,
    cleanDir: true,
  },
};

const { output } = await build(options);
console.log(`bundled into ${output.filter((file) => file.type === 'chunk').length} files in libs/observability/dist/bundle`);
