/**
 * The CSS inliner: the template's {@code <style>} rules copied into {@code style=""} attributes, as
 * email clients that drop {@code <style>} (Gmail's non-AMP clients, Outlook) need, with the cascade,
 * specificity and media queries kept right ({@link dev.tidings.render.css.CssInliner}). It knows
 * nothing of tidings: HTML in, HTML out. Depends on no other room.
 */
package dev.tidings.render.css;
