package org.grad4j.data;

import java.util.Iterator;

/**
 * One epoch of a {@link Loader}: an iterator over its batches that can be closed early, stopping the epoch's
 * worker threads at once (PyTorch stops them when the iterator is deleted, which Java has no moment for):
 * <pre>{@code
 * try (LoaderIterator<Object> it = loader.iterator()) {
 *     while (it.hasNext()) {
 *         Object batch = it.next();
 *         if (done(batch)) break;        // close() stops and joins the workers
 *     }
 * }
 * }</pre>
 * An epoch run to its end, or ended by an exception, stops its workers itself; an iterator left unclosed stops
 * them once it is garbage-collected. Closing an epoch of persistent workers only ends the epoch: the workers
 * live with the loader until {@link Loader#close()}.
 *
 * @param <B> the type of a batch
 */
public interface LoaderIterator<B> extends Iterator<B>, AutoCloseable {

    /** Ends the epoch ({@link #hasNext()} is then false) and stops and joins its non-persistent workers. */
    @Override
    void close();
}
