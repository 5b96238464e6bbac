/**
 * The widget's styles, inside its shadow root, so the host page's CSS cannot reach in and these rules cannot leak
 * out. Adopters theme it through the --loop-* custom properties (they inherit through the shadow boundary) and
 * ::part() (src/widget/reference.ts lists both; docs/widget.md documents them).
 *
 * Hostile host pages: `:host` is protected with !important (for !important rules the shadow tree wins over the
 * page), and `.root` starts from `all: initial`, so inherited fonts, colours, `visibility` or `text-transform` set
 * on the page (even with !important, even through `* { all: unset !important }`) stop at the element. The build
 * minifies this text (src/widget/build.ts); keep it plain CSS without ${} interpolation.
 */
export const STYLES = `
:host {
  display: block !important;
}
:host([hidden]) {
  display: none !important;
}
[hidden] {
  display: none !important;
}
.root {
  all: initial;
  display: block;
  box-sizing: border-box;
  font-family: var(--loop-font-family, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif);
  font-size: var(--loop-font-size, medium);
  line-height: var(--loop-line-height, 1.5);
  color: var(--loop-text-color, #0b0c0c);
  background: var(--loop-background, #ffffff);
  padding: var(--loop-padding, 0);
  text-align: start;
  overflow-wrap: anywhere;
}
*, *::before, *::after {
  box-sizing: inherit;
}
h1, h2, h3, h4, h5, h6 {
  font-family: var(--loop-heading-font-family, inherit);
  color: var(--loop-heading-color, inherit);
  line-height: 1.25;
  margin: 0 0 0.25em;
}
.heading {
  font-size: 1.5em;
  margin-bottom: 0.5em;
}
.name {
  font-size: 1.2em;
}
p, dl, dd, ul {
  margin: 0;
  padding: 0;
}
a {
  color: var(--loop-link-color, #1d70b8);
  text-decoration: underline;
  text-underline-offset: 0.15em;
}
a:visited {
  color: var(--loop-link-visited-color, #4c2c92);
}
a:hover {
  text-decoration-thickness: 0.15em;
}
a:focus-visible {
  outline: 3px solid transparent;
  color: var(--loop-focus-text-color, #0b0c0c);
  background: var(--loop-focus-color, #ffdd00);
  box-shadow: 0 -2px var(--loop-focus-color, #ffdd00), 0 4px var(--loop-focus-text-color, #0b0c0c);
  text-decoration: none;
}
button:focus-visible, input:focus-visible, .list:focus, .message:focus {
  outline: 3px solid var(--loop-focus-color, #ffdd00);
  outline-offset: 0;
  box-shadow: inset 0 0 0 2px var(--loop-focus-text-color, #0b0c0c);
}
.list:focus, .message:focus {
  outline-offset: 2px;
}
.search {
  margin: 0 0 1em;
}
.search label {
  display: block;
  font-weight: 700;
  margin-bottom: 0.25em;
}
input {
  font: inherit;
  color: inherit;
  background: var(--loop-background, #ffffff);
  width: 100%;
  max-width: 30em;
  padding: 0.35em 0.5em;
  border: 2px solid var(--loop-text-color, #0b0c0c);
  border-radius: 0;
}
.count {
  color: var(--loop-muted-color, #505a5f);
  margin-bottom: 0.5em;
}
.list {
  list-style: none;
}
.item {
  border-top: 1px solid var(--loop-border-color, #b1b4b6);
  padding: var(--loop-gap, 1em) 0;
}
.item > * + * {
  margin-top: 0.35em;
}
.organisation, .reviewed {
  color: var(--loop-muted-color, #505a5f);
}
.reviewed {
  font-size: 0.875em;
}
.notice, .warning {
  display: block;
  padding: 0.25em 0.5em;
  border-left: 4px solid var(--loop-warning-color, #6f3e00);
  background: var(--loop-warning-background, #fff4e5);
  color: var(--loop-warning-text-color, #0b0c0c);
}
.warning {
  margin-top: 0.25em;
}
dl {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 0.15em 0.75em;
}
dt {
  font-weight: 700;
}
dd {
  min-width: 0;
}
.paging {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5em 1em;
  padding-top: 1em;
  border-top: 1px solid var(--loop-border-color, #b1b4b6);
}
button {
  font: inherit;
  font-weight: 700;
  cursor: pointer;
  color: var(--loop-accent-text-color, #ffffff);
  background: var(--loop-accent-color, #1d70b8);
  border: 2px solid transparent;
  border-radius: var(--loop-radius, 0);
  padding: 0.35em 0.9em;
}
button:hover {
  text-decoration: underline;
}
button:disabled {
  cursor: default;
  opacity: 0.45;
  text-decoration: none;
}
.message {
  padding: 0.5em 0;
}
.message p + p {
  margin-top: 0.5em;
}
.footer {
  font-size: 0.875em;
  color: var(--loop-muted-color, #505a5f);
  margin-top: 0.75em;
}
.fallback {
  margin-bottom: 0.5em;
}
.vh {
  position: absolute !important;
  width: 1px !important;
  height: 1px !important;
  margin: 0 !important;
  padding: 0 !important;
  overflow: hidden !important;
  clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important;
  white-space: nowrap !important;
  border: 0 !important;
}
@media (forced-colors: active) {
  a:focus-visible {
    outline-color: Highlight;
  }
  .notice, .warning {
    border: 1px solid CanvasText;
  }
}
`;
