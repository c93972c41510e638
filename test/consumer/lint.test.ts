/**
 * Each tarball as a registry would receive it: publint (package.json fields, exports, files — no error, no
 * warning) and @arethetypeswrong/cli (types resolve for every export under node16 and bundler resolution;
 * `--profile esm-only`: our packages are ESM, which Node 20.19+ can also `require()`).
 */
import { describe, expect, inject, it } from 'vitest'
import { BIN, REPO, run } from './packages.js'

const tarballs = inject('tarballs')

describe.each(Object.entries(tarballs))('%s', (_name, tarball) => {
  it('publint: no error, no warning', async () => {
    const { stdout } = await run(process.execPath, [BIN.publint, 'run', tarball, '--level', 'warning', '--strict'], {
      cwd: REPO,
    })
    expect(stdout).toMatch(/All good!/)
  })

  it('@arethetypeswrong/cli --profile esm-only: no problem', async () => {
    await run(process.execPath, [BIN.attw, tarball, '--profile', 'esm-only', '--format', 'table-flipped'], {
      cwd: REPO,
    })
  })
})
