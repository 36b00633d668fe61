// Headless Chromium for the browser tests and bench: Debian's /usr/bin/chromium driven by
// playwright-core (which never downloads a browser), a fresh profile, no background networking
// (without those flags Chromium tries the closed network), and the playground served locally.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic } from '../serve.js';

export const CHROMIUM = process.env.SEQGRAD_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/**
 * For the bench: keep Chromium from throttling timers or lowering the renderer's priority should the
 * page count as hidden (a headless page is visible and its renderer runs at nice 0 without them; they
 * make sure the bench never measures a backgrounded tab). They change no V8 behaviour.
 */
export const BENCH_ARGS = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

export interface Session {
  context: BrowserContext;
  url: string;
  open(query?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Serves `dir` (the built playground) on 127.0.0.1 and starts Chromium with a fresh profile (and `extraArgs`). */
export async function startSession(dir: string, extraArgs: readonly string[] = []): Promise<Session> {
  const { server, url } = await serveStatic(dir);
  const profile = mkdtempSync(join(tmpdir(), 'seqgrad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const open = async (query = '') => {
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
    await page.goto(`${url}${query}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return page;
  };
  const close = async () => {
    await context.close();
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, url, open, close };
}
