/**
 * Checks run inside the page on every screen the browser suite opens: each form control has a label, each button
 * and link a name, and visible text meets WCAG AA contrast (4.5:1, or 3:1 for large text) against the background it
 * is drawn on. Returns one line per problem, so a failure names the element.
 */
import type { Page } from 'playwright-core';

export function auditPage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? ` id=${el.id}` : ''}> "${(el.textContent ?? '').trim().slice(0, 50)}"`;

    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      const control = el as HTMLInputElement;
      if (control.type === 'hidden') continue;
      const labelled = (control.labels?.length ?? 0) > 0 || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby');
      if (!labelled) problems.push(`control without a label: ${describe(el)}`);
    }
    for (const el of Array.from(document.querySelectorAll('button, a[href]'))) {
      if (!(el.textContent ?? '').trim() && !el.getAttribute('aria-label')) problems.push(`button or link without a name: ${describe(el)}`);
    }
    for (const el of Array.from(document.querySelectorAll('svg[role="img"]'))) {
      if (!el.getAttribute('aria-label')) problems.push(`image without a text alternative: ${describe(el)}`);
    }

    const rgba = (css: string): number[] | null => {
      const match = /rgba?\(([^)]+)\)/.exec(css);
      if (!match) return null;
      const [r, g, b, a = '1'] = match[1].split(/[\s,/]+/).filter(Boolean);
      return [Number(r), Number(g), Number(b), Number(a)];
    };
    const luminance = ([r, g, b]: number[]) => {
      const channel = (v: number) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    /** The first opaque background up the tree (the page is white). */
    const backgroundOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) continue;
        const colour = rgba(getComputedStyle(e).backgroundColor);
        if (colour && colour[3] > 0.5) return colour;
      }
      return [255, 255, 255, 1];
    };

    const checked = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || checked.has(el) || !(node.textContent ?? '').trim()) continue;
      checked.add(el);
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.getClientRects().length === 0 || el.closest('.visually-hidden, option, noscript')) continue;
      // Inactive controls are exempt (WCAG 1.4.3).
      if (el.closest('button:disabled')) continue;
      const inSvg = el instanceof SVGElement;
      const foreground = rgba(inSvg ? style.fill : style.color);
      if (!foreground) continue;
      const background = backgroundOf(el);
      const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      if (ratio < needed) problems.push(`contrast ${ratio.toFixed(2)} < ${needed}: ${describe(el)}`);
    }
    if (!['vi', 'en'].includes(document.documentElement.lang)) problems.push(`html lang is "${document.documentElement.lang}"`);
    return problems;
  });
}
