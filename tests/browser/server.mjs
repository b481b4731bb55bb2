// server.mjs - starts and stops the sanitizer build of dinh for the browser
// tests: a fresh demo database in a temporary directory, `dinh serve` on
// port 0, the port read from the line dinh prints when it listens (no
// sleeping), and on stop a check that dinh exited 0 after SIGTERM and that
// neither AddressSanitizer, LeakSanitizer nor UBSan reported anything.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const DINH = path.join(ROOT, 'build', 'san', 'dinh');
export const STATIC = path.join(ROOT, 'build', 'static');
export const BASE_URL = 'https://ntm.example.gov.vn';

const SANITIZER_NEEDLES = [
  'ERROR: AddressSanitizer',
  'ERROR: LeakSanitizer',
  'runtime error:',
  'SUMMARY: UndefinedBehaviorSanitizer',
];

/** The first sanitizer message found in `text`, or null. */
export function sanitizerReport(text) {
  return SANITIZER_NEEDLES.find((needle) => text.includes(needle)) ?? null;
}

function sanitizerEnv() {
  const env = { ...process.env };
  env.UBSAN_OPTIONS ??= 'print_stacktrace=1:halt_on_error=1';
  return env;
}

function tail(text, n = 2000) {
  return text.length > n ? '…' + text.slice(-n) : text;
}

/** Makes a working directory with a fresh demo database and a private copy
 *  of build/static in it (so that a rebuild of the static files while the
 *  suite runs cannot pull them away from under the server). */
export function makeDemoDb() {
  for (const f of [DINH, path.join(STATIC, '.stamp')]) {
    if (!fs.existsSync(f)) {
      throw new Error(`${path.relative(ROOT, f)} is missing; run: make build/san/dinh build/static/.stamp`);
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dinh-browser-'));
  const db = path.join(dir, 'demo.db');
  const staticDir = path.join(dir, 'static');
  fs.cpSync(STATIC, staticDir, { recursive: true });
  const r = spawnSync(DINH, ['init', '--db', db, '--demo'], {
    env: sanitizerEnv(), encoding: 'utf8', timeout: 120_000,
  });
  if (r.error) throw new Error(`dinh init --demo: ${r.error.message}`);
  const bad = sanitizerReport(r.stderr ?? '');
  if (r.status !== 0 || bad) {
    throw new Error(`dinh init --demo exited ${r.status}${bad ? ` (${bad})` : ''}: ${tail(r.stderr ?? '')}`);
  }
  const logins = {};
  for (const m of (r.stdout ?? '').matchAll(/^  (\S+)\s+(\S{16}) /gm)) logins[m[1]] = m[2];
  return { dir, db, staticDir, logins };
}

/** A running `dinh serve`. Use `await Server.start(...)`. */
export class Server {
  constructor(proc, logPath) {
    this.proc = proc;
    this.logPath = logPath;
    this.log = '';
    this.exit = null; // { code, signal } once the process has ended
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => { this.log += chunk; });
  }

  /** Starts dinh over `db` and resolves once it listens (30 s at most). */
  static async start({ db, dir, staticDir = STATIC, threads = 2, extraArgs = [] }) {
    const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', String(threads),
      '--static', staticDir, '--base-url', BASE_URL, '--test-hooks', ...extraArgs];
    const proc = spawn(DINH, args, { env: sanitizerEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    const server = new Server(proc, path.join(dir, 'serve.log'));
    server.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        proc.kill('SIGKILL');
        reject(new Error(`dinh serve printed no port within 30 s: ${tail(server.log)}`));
      }, 30_000);
      const onData = () => {
        const m = /\(port (\d+)\)/.exec(server.log);
        if (m) {
          cleanup();
          resolve(Number(m[1]));
        }
      };
      const onExit = (code, signal) => {
        cleanup();
        reject(new Error(`dinh serve ended (code ${code}, signal ${signal}) before listening: ${tail(server.log)}`));
      };
      const onError = (err) => {
        cleanup();
        reject(new Error(`dinh serve could not start: ${err.message}`));
      };
      function cleanup() {
        clearTimeout(timer);
        proc.stderr.off('data', onData);
        proc.off('exit', onExit);
        proc.off('error', onError);
      }
      proc.stderr.on('data', onData);
      proc.on('exit', onExit);
      proc.on('error', onError);
      onData();
    });
    server.base = `http://127.0.0.1:${server.port}`;
    return server;
  }

  /** What is wrong with the server right now (it died, a sanitizer spoke), or null. */
  problem() {
    const bad = sanitizerReport(this.log);
    if (bad) return `sanitizer report in dinh's log (${bad}): ${tail(this.log, 3000)}`;
    if (this.exit) return `dinh serve ended early (code ${this.exit.code}, signal ${this.exit.signal}): ${tail(this.log)}`;
    return null;
  }

  /** Kills the server without any checks (used when the run is aborted). */
  kill() {
    if (!this.exit) this.proc.kill('SIGKILL');
  }

  /** Sends SIGTERM and checks that dinh stops within 30 s, exits 0 and that
   *  its log holds no sanitizer report. Throws an Error saying what failed. */
  async stop() {
    const early = this.exit;
    if (!early) this.proc.kill('SIGTERM');
    let timer;
    const result = await Promise.race([
      this.exited,
      new Promise((resolve) => { timer = setTimeout(() => resolve(null), 30_000); }),
    ]);
    clearTimeout(timer);
    if (!result) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    // Let the last bytes of stderr arrive after the exit event.
    await new Promise((resolve) => {
      if (this.proc.stderr.readableEnded) resolve();
      else {
        const t = setTimeout(resolve, 2000);
        this.proc.stderr.once('end', () => { clearTimeout(t); resolve(); });
      }
    });
    try {
      fs.writeFileSync(this.logPath, this.log);
    } catch { /* the log is a convenience only */ }
    if (!result) throw new Error(`dinh serve did not stop within 30 s of SIGTERM: ${tail(this.log)}`);
    const bad = sanitizerReport(this.log);
    if (bad) throw new Error(`sanitizer report in dinh's log (${bad}): ${tail(this.log, 3000)}`);
    if (early) throw new Error(`dinh serve had ended before SIGTERM (code ${early.code}, signal ${early.signal}): ${tail(this.log)}`);
    if (result.code !== 0) {
      throw new Error(`dinh serve exited with code ${result.code}, signal ${result.signal} after SIGTERM, expected 0: ${tail(this.log)}`);
    }
  }
}
