import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** One file the console serves: its body, media type and the name it is served under. */
export interface ConsoleAsset {
  readonly name: string;
  readonly type: string;
  readonly body: Buffer;
}

/** The built console: the page at `/` and the assets it names (content-hashed, so cacheable for ever). */
export interface ConsoleAssets {
  readonly page: Buffer;
  readonly assets: ReadonlyMap<string, ConsoleAsset>;
  /** Bytes of the JS and CSS together after gzip: what a first visit downloads. */
  readonly gzippedBytes: number;
  readonly buildMs: number;
}

/** Where the assets are served: one prefix, so the routes never collide with the API's. */
export const ASSET_PREFIX = '/console/';

const uiDir = path.join(__dirname, 'ui');

const hashed = (stem: string, extension: string, body: Uint8Array) =>
  `${stem}.${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${extension}`;

// The console's mark: a small bar chart, drawn here so no file has to be fetched for it.
const ICON = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b57d0"/>' +
    '<rect x="3" y="8" width="2" height="5" fill="#fff"/><rect x="7" y="5" width="2" height="8" fill="#fff"/>' +
    '<rect x="11" y="3" width="2" height="10" fill="#fff"/></svg>',
);

const pageOf = (script: string, style: string, icon: string) =>
  Buffer.from(
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
      '<title>leadflow console</title>\n' +
      `<link rel="icon" href="${ASSET_PREFIX}${icon}" type="image/svg+xml">\n` +
      `<link rel="stylesheet" href="${ASSET_PREFIX}${style}">\n` +
      `<script type="module" src="${ASSET_PREFIX}${script}"></script>\n` +
      '</head>\n<body>\n<div id="app"><noscript><p>The leadflow console needs JavaScript. ' +
      'The API is described at <a href="/docs">/docs</a>.</p></noscript></div>\n</body>\n</html>\n',
  );

/**
 * Bundles the UI (src/ui) in memory with esbuild. It runs once at start and takes well under a
 * second, so no built file can be stale or missing, and nothing built is committed or ignored.
 */
export const buildConsoleAssets = async (): Promise<ConsoleAssets> => {
  const started = performance.now();
  const result = await build({
    entryPoints: [path.join(uiDir, 'main.ts'), path.join(uiDir, 'styles.css')],
    bundle: true,
    write: false,
    outdir: '/console-build',
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: uiDir,
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const style = result.outputFiles.find((file) => file.path.endsWith('.css'));
  if (script === undefined || style === undefined) throw new Error('the console build produced no JS or CSS');
  const files: ConsoleAsset[] = [
    {
      name: hashed('app', 'js', script.contents),
      type: 'text/javascript; charset=utf-8',
      body: Buffer.from(script.contents),
    },
    {
      name: hashed('app', 'css', style.contents),
      type: 'text/css; charset=utf-8',
      body: Buffer.from(style.contents),
    },
    { name: hashed('icon', 'svg', ICON), type: 'image/svg+xml', body: ICON },
  ];
  const [js, css, icon] = files as [ConsoleAsset, ConsoleAsset, ConsoleAsset];
  return {
    page: pageOf(js.name, css.name, icon.name),
    assets: new Map(files.map((file) => [file.name, file])),
    gzippedBytes: gzipSync(js.body).length + gzipSync(css.body).length,
    buildMs: performance.now() - started,
  };
};
