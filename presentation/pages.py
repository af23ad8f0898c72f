"""The HTML around the charts: one Vega runtime per charts folder, specs as data files,
pages that run only our own scripts and reach no network.

A charts folder holds, besides each chart's PNG and SVG:

* `vega-runtime.js`: Vega, Vega-Lite and vega-embed (bundled by vl-convert, ~0.9 MB),
  written once per folder and shared by every page instead of being inlined in each;
* `chronicle.js`: the boot script that embeds each chart found on a page;
* `<chart>.spec.js`: a chart's Vega-Lite spec as data, loaded by its own page and by the
  dashboard alike, so a chart's rows are stored once;
* `<chart>.html` and `index.html`: pages that load the files above.

Why this shape:

* No document text can become markup or script. The specs are JSON written by
  `script_json` (`<`, `>` and `&` escaped as `\\u003c` and so on), assigned to a property
  in the spec file: a string in JSON cannot end its literal, so a sentence holding
  `</script><script>...` stays a string. Every text in the HTML is escaped.
* A Content-Security-Policy allows scripts only from the page's own origin (the charts
  folder, when opened from disk) and no inline script at all, no network access and no
  form submission: an `onerror=` attribute that slipped into a page could not run, an
  `<img src=...>` could not load. Vega needs `'unsafe-eval'` for its compiled expressions.
* The page keeps each chart's Vega view in `window.chronicle.views` for the browser tests.

Tooltips go through vega-tooltip, whose default sanitiser escapes `&` and `<`; the boot
script passes a stricter one that also escapes `>` and quotes. A mark's `href` (a click)
opens the document in a new tab without giving it the page (`noopener noreferrer`).
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from presentation import controls
from presentation.limits import write_atomically

# The Vega-Lite version Altair writes specs for, as vl-convert names it ("6.4").
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
RUNTIME_FILE = "vega-runtime.js"
# Where the bundled runtime is kept between runs (default $XDG_CACHE_HOME/chronicle, else
# ~/.cache/chronicle).
CACHE_ENV = "CHRONICLE_CACHE_DIR"
BOOT_FILE = "chronicle.js"
SPEC_SUFFIX = ".spec.js"

BOOT_SCRIPT = f"""
(() => {{
  "use strict";
  const escapeText = (value) => String(value)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  const state = {{ views: {{}}, errors: [], ready: false }};
  window.chronicle = state;
  const specs = window.chronicleSpecs || {{}};
  const options = {{
    mode: "vega-lite",
    renderer: "svg",
    actions: {{ export: true, source: false, compiled: false, editor: false }},
    tooltip: {{ sanitize: escapeText }},
    loader: {{ target: "_blank", rel: "noopener noreferrer" }},
  }};
  const embeds = Object.keys(specs)
    .filter((id) => document.getElementById(id))
    .map((id) => vegaEmbed(document.getElementById(id), specs[id], options).then((result) => {{
      state.views[id] = result.view;
    }}, (error) => {{
      state.errors.push(id + ": " + String(error));
      console.error(error);
    }}));
  const reset = document.getElementById({json.dumps(controls.RESET_ID)});
  if (reset) reset.addEventListener("click", () => {{
    for (const id of {json.dumps([controls.element_id(c) for c in controls.CONTROLS])}) {{
      const control = document.getElementById(id);
      if (control && control.value !== "") {{
        control.value = "";
        control.dispatchEvent(new Event("input"));
      }}
    }}
  }});
  Promise.allSettled(embeds).then(() => {{ state.ready = true; }});
}})();
"""

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n { text-align: right; }
section.chart { margin-bottom: 2rem; }
.meta { color: #555; max-width: 60rem; }
.filters { position: sticky; top: 0; z-index: 10; background: #fff; padding: 0.6rem 0;
  border-bottom: 1px solid #ddd; display: flex; gap: 1.2rem; flex-wrap: wrap;
  align-items: center; }
.filters label { font-weight: 600; }
.filters select, .filters input { margin-left: 0.35rem; max-width: 22rem; }
table.counts td, table.counts th { padding: 0.15rem 0.6rem; }
"""

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'unsafe-inline'",
        "img-src data: blob:",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    )
)


@cache
def vega_runtime() -> str:
    """Vega, Vega-Lite and vega-embed as one script.

    Bundling it costs vl-convert about 3 s of CPU, more than drawing every chart of a small
    warehouse, and gives the same text for the same vl-convert and Vega-Lite versions: the
    first run on a machine keeps it in a file named by both (`runtime_cache_path`) and
    later runs read it. A cache that cannot be read or written costs only the bundling.
    """
    cached = runtime_cache_path()
    try:
        return cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    bundle = vlc.javascript_bundle(vl_version=VL_VERSION)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cached, bundle)
    except OSError:
        pass  # a read-only home: every run bundles it again
    return bundle


def runtime_cache_path() -> Path:
    """The file that keeps the runtime bundled by this vl-convert for VL_VERSION."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        folder = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".cache") / "chronicle"
    return folder / f"vega-runtime-vl{VL_VERSION}-vlconvert{vlc.__version__}.js"


def write_runtime(out_dir: Path) -> list[Path]:
    """The runtime and the boot script, written into the charts folder (rewritten only when
    they changed, so a redraw leaves the 0.9 MB runtime alone)."""
    written = []
    for name, text in ((RUNTIME_FILE, vega_runtime()), (BOOT_FILE, BOOT_SCRIPT)):
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_atomically(path, text)
        written.append(path)
    return written


def script_json(value: Any) -> str:
    """JSON that stays data wherever a browser reads it, whatever strings it holds.

    `<`, `>` and `&` only occur inside JSON strings, where `\\u003c` etc. mean the same
    characters, so `</script>` or `<!--` in a document cannot end or confuse an element.
    U+2028/2029 are escaped too, for the old engines that read them as line ends.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def spec_file(element_id: str, spec: Mapping[str, Any]) -> str:
    """A chart's spec file: the spec as JSON, filed under the id of the element it fills."""
    return (
        "(window.chronicleSpecs = window.chronicleSpecs || {})"
        f"[{script_json(element_id)}] = {script_json(spec)};\n"
    )


def text(value: Any) -> str:
    """Any value as HTML text, escaped (attribute-safe too)."""
    return "" if value is None else html.escape(str(value), quote=True)


def page_html(title: str, body: str, spec_files: Sequence[str]) -> str:
    """A page loading the shared runtime, the given spec files and the boot script.

    `title` is escaped here; `body` must already be safe HTML (built with `text`) and hold
    one element per chart whose id its spec file names.
    """
    specs = "\n".join(f'  <script src="{text(name)}"></script>' for name in spec_files)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{text(CSP)}">
  <meta name="referrer" content="no-referrer">
  <title>{text(title)}</title>
  <style>{PAGE_STYLE}</style>
  <script src="{RUNTIME_FILE}"></script>
</head>
<body>
{body}
{specs}
  <script src="{BOOT_FILE}"></script>
</body>
</html>
"""
