/**
 * Data loading like {@code torch.utils.data}: map-style {@link org.grad4j.data.Dataset}s
 * ({@link org.grad4j.data.TensorDataset}, {@link org.grad4j.data.Subset}, {@link org.grad4j.data.ConcatDataset},
 * {@link org.grad4j.data.Dataset#randomSplit(Dataset, int[], org.grad4j.Generator)}), iterable-style
 * {@link org.grad4j.data.IterableDataset}s ({@link org.grad4j.data.ChainDataset}), the samplers
 * ({@link org.grad4j.data.SequentialSampler}, {@link org.grad4j.data.RandomSampler},
 * {@link org.grad4j.data.SubsetRandomSampler}, {@link org.grad4j.data.WeightedRandomSampler},
 * {@link org.grad4j.data.DistributedSampler},
 * {@link org.grad4j.data.BatchSampler}), {@link org.grad4j.data.Collate#defaultCollate(java.util.List)}, and two
 * loaders: {@link org.grad4j.data.DataLoader}, the {@code Iterable<Tensor[]>} of a {@code Dataset<Tensor[]>}, and
 * the {@link org.grad4j.data.Loader} that {@link org.grad4j.data.DataLoader#builder(Dataset)} builds with
 * PyTorch's every other option (sampler, batch sampler, collate function, no batching).
 *
 * <p>Shuffles, samplers and splits draw from a {@link org.grad4j.Generator} exactly as PyTorch 1.13 draws from
 * its CPU generator, so the same seed gives the same order in both:
 * <pre>{@code
 * TensorDataset data = new TensorDataset(x, y);                 // x: [N, 64] float, y: [N] int64
 * List<Subset<Tensor[]>> parts = Dataset.randomSplit(data, new double[] {0.8, 0.2}, new Generator(0));
 * DataLoader train = new DataLoader(parts.get(0), 32, true, false, new Generator(1));
 * for (Tensor[] batch : train) {                                // batch[0]: [32, 64], batch[1]: [32]
 *     ...
 * }
 * Loader<Object> weighted = DataLoader.builder(data).batchSize(32)
 *         .sampler(new WeightedRandomSampler(classWeights, 1000)).build();
 * }</pre>
 * {@link org.grad4j.data.DataLoader.Builder#numWorkers(int)} loads on worker threads, which stand for PyTorch's
 * worker processes (a JVM cannot fork): same batches, same order, same generator draws, a
 * {@link org.grad4j.data.DataLoader#getWorkerInfo()} on each worker (see {@link org.grad4j.data.Loader}).
 * {@link org.grad4j.data.DistributedSampler} gives each rank of a distributed run PyTorch's share of the indices.
 */
package org.grad4j.data;
