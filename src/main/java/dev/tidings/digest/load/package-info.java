/**
 * Reading a digest: YAML with the position of every node ({@link dev.tidings.digest.load.YamlDocumentReader},
 * {@link dev.tidings.digest.load.SourceMap}), the published JSON Schema
 * ({@link dev.tidings.digest.load.DigestSchema}), binding to the records
 * ({@link dev.tidings.digest.load.DigestBinder}) and the rules the schema cannot say
 * ({@link dev.tidings.digest.load.DigestRules}, {@link dev.tidings.digest.load.DigestLinks}).
 * {@link dev.tidings.digest.load.DigestLoader} runs them in that order and returns every problem at
 * once, each at its file:line:column. {@link dev.tidings.digest.load.IssueSeries} and
 * {@link dev.tidings.digest.load.NextIssue} find a folder's latest issue and make the next one from
 * its text ({@code tidings new}).
 *
 * <p>A room apart from the records so that code which only reads a digest (render, mail, archive)
 * does not see the loader's machinery. Depends on {@code digest} only.
 */
package dev.tidings.digest.load;
