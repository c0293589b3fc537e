/**
 * The subscriber list: a CSV file read as a stream ({@link dev.tidings.subscribers.SubscriberReader}
 * over {@link dev.tidings.subscribers.CsvRecordScanner}, any common encoding, every bad row named at
 * its line), its checks ({@link dev.tidings.subscribers.SubscriberListCheck}) and its in-place editor
 * ({@link dev.tidings.subscribers.SubscriberListEditor}): {@code subscribers add/remove} and the
 * unsubscribes written back without losing a byte of the rows it does not change. The reader's
 * side ({@code serve}) reaches the list through {@link dev.tidings.subscribers.ListEvents}: the
 * real one, {@link dev.tidings.subscribers.ListJournal}, makes each acknowledged event durable in a
 * journal beside the list ({@code .tidings/LIST.csv.journal}) before answering, applies the journal
 * to the CSV in batches with the same atomic rewrite, and is read by {@code send} as suppressions.
 *
 * <p>Depends on {@code digest} (problems, field checks); render, mail and inbox depend on it.
 */
package dev.tidings.subscribers;
