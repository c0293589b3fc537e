/**
 * The digest: one issue of the newsletter as immutable records ({@link dev.tidings.digest.Digest},
 * {@link dev.tidings.digest.Newsletter}, {@link dev.tidings.digest.Issue}, items, call-outs,
 * links), and what every room reports problems with: {@link dev.tidings.digest.Problem} at a
 * file:line:column and field, {@link dev.tidings.digest.ProblemException}. Also the checks of single
 * values that the loader and the subscriber list share ({@link dev.tidings.digest.FieldChecks}) and
 * the safe reading of a hostile text file ({@link dev.tidings.digest.RegularFile},
 * {@link dev.tidings.digest.TextFileDecoder}).
 *
 * <p>It depends on no other room; every other room depends on it. How a digest is read from YAML is
 * {@code digest.load}.
 */
package dev.tidings.digest;
