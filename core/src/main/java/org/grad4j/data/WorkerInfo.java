package org.grad4j.data;

/**
 * What {@link DataLoader#getWorkerInfo()} tells code running on a loader's worker, like PyTorch's
 * {@code WorkerInfo}: the worker's {@code id} in {@code [0, numWorkers)}, the number of workers, the worker's
 * {@code seed} ({@code baseSeed + id}, the base seed being the int64 the epoch drew from the loader's generator)
 * and the {@code dataset}.
 *
 * <p>Unlike PyTorch's worker processes, which each hold a copy of the dataset, grad4j's worker threads share
 * the one dataset object: {@code dataset} is the loader's own. Give each worker its own state in
 * {@link IterableDataset#iterator()} (called on the worker) rather than by changing the shared dataset.
 *
 * @param id the worker's id, in {@code [0, numWorkers)}
 * @param numWorkers the number of workers of the loader
 * @param seed the worker's seed: the epoch's base seed plus {@code id}
 * @param dataset the dataset loaded (a {@link Dataset} or {@link IterableDataset}), shared with the other workers
 */
public record WorkerInfo(int id, int numWorkers, long seed, Object dataset) {

    @Override
    public String toString() {
        return "WorkerInfo(id=" + id + ", num_workers=" + numWorkers + ", seed=" + seed + ", dataset="
                + dataset.getClass().getSimpleName() + ")";
    }
}
