// Shared by the demo pages: loading a component bundle, and an event log.

/**
 * Imports `./dist/<name>.js` (the elements' cdn build, made by `npm run build`); when it is
 * missing, shows the page's `#missing` paragraph instead of failing silently.
 */
export async function loadComponent(name) {
  try {
    await import(`./dist/${name}.js`)
  } catch (e) {
    document.getElementById('missing').hidden = false
    console.error(e)
  }
}

/** Returns `write(line)`, which puts `line` first in the `<pre>` `pre`, keeping the latest 30 lines. */
export function eventLog(pre) {
  const lines = []
  return (line) => {
    lines.unshift(line)
    pre.textContent = lines.slice(0, 30).join('\n')
  }
}
