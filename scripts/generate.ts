import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { renderGenerated } from './generated.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const files = await renderGenerated()
for (const [path, text] of Object.entries(files)) {
  const current = await readFile(root + path, 'utf8').catch(() => '')
  if (current === text) continue
  await writeFile(root + path, text)
  console.log(`wrote ${path}`)
}
