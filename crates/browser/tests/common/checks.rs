//! The page checks, written in the page's own JavaScript and run by
//! [`super::Browser`]: unlabelled controls, status pill contrast, sideways
//! overflow, and where the keyboard's focus is.

/// Every visible input, select and textarea (not hidden inputs, not
/// buttons) without a label: `<label for>`, a wrapping `<label>`,
/// `aria-label` or `aria-labelledby` — each with text.
pub const UNLABELLED_JS: &str = r#"
const skip = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
const visible = el => {
  const s = getComputedStyle(el);
  return s.display !== 'none' && s.visibility !== 'hidden' && el.getClientRects().length > 0;
};
const named = el => {
  if ((el.getAttribute('aria-label') || '').trim()) return true;
  const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
  if (by.some(id => { const l = document.getElementById(id); return l && l.textContent.trim(); })) return true;
  return [...el.labels].some(l => l.textContent.trim());
};
return [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !skip.has((el.getAttribute('type') || '').toLowerCase()))
  .filter(visible)
  .filter(el => !named(el))
  .map(el => el.outerHTML.slice(0, 160));
"#;

/// Every status pill's text colour against its background (walking up
/// through transparent ancestors), as WCAG 2 contrast ratios.
pub const PILL_CONTRAST_JS: &str = r#"
const parse = c => {
  const m = c.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/);
  if (!m) return null;
  let a = m[4] === undefined ? 1 : (m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]));
  return [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), a];
};
const over = (top, bottom) => {
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
};
const background = el => {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let bg = [255, 255, 255, 1];
  for (const l of layers.reverse()) bg = over(l, bg);
  return bg;
};
const lum = c => {
  const [r, g, b] = c.slice(0, 3).map(v => {
    v = v / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
return [...document.querySelectorAll('.pill')].filter(el => el.getClientRects().length > 0).map(el => {
  const s = getComputedStyle(el);
  const bg = background(el);
  let fg = parse(s.color);
  if (!fg) return {class: el.className, text: el.textContent.trim(), fg: s.color, bg: String(bg), ratio: 0};
  fg = over(fg, bg);
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return {class: el.className, text: el.textContent.trim(), fg: s.color, bg: 'rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')',
          ratio: opacity < 1 ? 0 : (l1 + 0.05) / (l2 + 0.05)};
});
"#;

/// The document's width against the window's, and when it is wider the
/// elements that reach furthest right.
pub const OVERFLOW_JS: &str = r#"
// A phone's browser widens its layout viewport to fit content that is too
// wide, so the window asked for (arguments[0]) is the limit, not innerWidth.
const inner = Math.min(window.innerWidth, arguments[0] || window.innerWidth);
const scroll = Math.max(document.documentElement.scrollWidth, window.innerWidth);
let culprits = [];
if (scroll > inner) {
  culprits = [...document.querySelectorAll('body *')]
    .map(el => ({el, right: el.getBoundingClientRect().right + window.scrollX}))
    .filter(x => x.right > inner + 0.5)
    .sort((a, b) => b.right - a.right)
    .slice(0, 5)
    .map(x => x.el.tagName.toLowerCase() + (x.el.id ? '#' + x.el.id : '') +
      (x.el.className && typeof x.el.className === 'string' ? '.' + x.el.className.trim().split(/\s+/).join('.') : '') +
      ' right=' + Math.round(x.right) + ' "' + (x.el.textContent || '').trim().slice(0, 40) + '"');
}
return {scroll, inner, culprits};
"#;

/// The focused element: tag, id, classes, href, text, and whether any of
/// it is inside the window.
pub const FOCUS_JS: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return {tag: 'body'};
const r = el.getBoundingClientRect();
return {
  tag: el.tagName.toLowerCase(), id: el.id || '', class: typeof el.className === 'string' ? el.className : '',
  href: el.getAttribute('href') || '', text: (el.textContent || el.value || '').trim().slice(0, 40),
  on_screen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < window.innerWidth && r.top < window.innerHeight,
};
"#;
