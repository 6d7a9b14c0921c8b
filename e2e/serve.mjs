// What the browser tests share: the `gongwen` binary, the shared corpus,
// a server started with `gongwen serve --ingest` on a free loopback port in
// a fresh store, and Debian's headless Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const corpus = join(root, '..', 'shared', 'corpus', 'wuhan');
export const shots = join(root, 'e2e', 'screenshots');
const binary = process.env.GONGWEN_BIN ?? join(root, 'target', 'debug', 'gongwen');
export const haveCorpus = existsSync(corpus);
if (!haveCorpus && process.env.CI === 'true') throw new Error(`CI=true but the shared corpus is missing at ${corpus}`);
if (!haveCorpus) console.log(`SKIPPED: shared corpus not found at ${corpus}`);

/// Ingests `paths` into a fresh store and serves it; resolves to
/// { base, stop } once the server prints its address.
export async function startServer(paths) {
  if (!existsSync(binary)) throw new Error(`${binary} not found: run \`cargo build -p gongwen-cli\` first (or set GONGWEN_BIN)`);
  mkdirSync(shots, { recursive: true });
  const store = mkdtempSync(join(tmpdir(), 'gongwen-e2e-'));
  const server = spawn(binary, ['serve', '--db', store, '--addr', '127.0.0.1:0', '--ingest', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s:\n${err}`)), 180_000);
    server.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /阅览室：(http:\/\/[^\s]+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
  const stop = () => {
    server.kill('SIGINT');
    rmSync(store, { recursive: true, force: true });
  };
  return { base, stop };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--lang=zh-CN', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// For the test file that calls it: a server over `paths()` and a browser,
/// started before its tests (unless `when` is false) and stopped after them.
/// Returns `{ base, browser }`, filled in once they have started.
export function serveForTests(paths, when = true) {
  const env = { base: undefined, browser: undefined, server: undefined };
  before(async () => {
    if (!when) return;
    env.server = await startServer(paths());
    env.base = env.server.base;
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}
