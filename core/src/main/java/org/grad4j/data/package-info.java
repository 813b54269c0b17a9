/**
 * Data loading like {@code torch.utils.data}: map-style {@link org.grad4j.data.Dataset}s, a
 * {@link org.grad4j.data.TensorDataset} of tensors indexed along their first dimension, a
 * {@link org.grad4j.data.DataLoader} that batches (and shuffles) them for a for-each loop, and
 * {@link org.grad4j.data.Dataset#randomSplit(Dataset, int[], org.grad4j.Generator)}.
 *
 * <p>Shuffles and splits draw from a {@link org.grad4j.Generator} exactly as PyTorch 1.13 draws from
 * its CPU generator, so the same seed gives the same order in both:
 * <pre>{@code
 * TensorDataset data = new TensorDataset(x, y);                 // x: [N, 64] float, y: [N] int64
 * List<Subset<Tensor[]>> parts = Dataset.randomSplit(data, new double[] {0.8, 0.2}, new Generator(0));
 * DataLoader train = new DataLoader(parts.get(0), 32, true, false, new Generator(1));
 * for (Tensor[] batch : train) {                                // batch[0]: [32, 64], batch[1]: [32]
 *     ...
 * }
 * }</pre>
 * Loading is single-threaded and host-side: PyTorch's worker processes, samplers and custom collate
 * functions have no counterpart yet.
 */
package org.grad4j.data;
