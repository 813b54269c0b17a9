/**
 * Training feedback without dependencies: {@link org.grad4j.train.ProgressLine}, a progress line per epoch
 * (loss, steps/s, ETA; rewritten in place on a terminal, plain lines otherwise), and
 * {@link org.grad4j.train.MetricsLog}, named metrics written as CSV. Plotting is left to the caller (the
 * examples draw the curves with XChart), so {@code core} keeps no dependencies.
 * <pre>{@code
 * ProgressLine progress = new ProgressLine(epochs);
 * MetricsLog metrics = new MetricsLog("epoch", "loss", "accuracy");
 * for (int epoch = 1; epoch <= epochs; epoch++) {
 *     for (Tensor[] batch : loader) {
 *         ...
 *         progress.step(loss.item());
 *     }
 *     double meanLoss = progress.endEpoch(String.format("acc %.1f%%", 100 * accuracy));
 *     metrics.add(epoch, meanLoss, accuracy);
 * }
 * metrics.writeCsv(Path.of("metrics.csv"));
 * }</pre>
 */
package org.grad4j.train;
