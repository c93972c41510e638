/**
 * Starting the reference server as its own process, as a user does: from the sources (unit tests, with
 * `RUN_SOURCES` from helpers.ts) or the installed `dj-mock-server` (consumer suite). No repository imports, so the
 * consumer suite can use it without resolving workspace sources.
 */
import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Runs `node ...args` and resolves once the server prints the URL it listens on; rejects with everything it
 * printed when it exits first. The caller kills the child.
 */
export function startServerProcess(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv /** The Node binary. Default: this one. */; node?: string } = {},
): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const onData = (d: Buffer) => {
      out += d
      const m = /on (http:\/\/\S+)/.exec(out)
      if (m) resolve({ child, url: m[1] })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
}

/** Children of {@link runProcess} still running: a test's cleanup kills them when one did not stop as expected. */
export const runningProcesses = new Set<ChildProcess>()

/** Runs `node ...args` to its end: its exit code and what it printed (for commands that should refuse to start). */
export function runProcess(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    runningProcesses.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => (stdout += d))
    child.stderr!.on('data', (d: Buffer) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      runningProcesses.delete(child)
      resolve({ code, stdout, stderr })
    })
  })
}
