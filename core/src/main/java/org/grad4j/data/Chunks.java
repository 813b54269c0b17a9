package org.grad4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator over chunks of indices drawn one at a time, when the previous chunk is used up: PyTorch's
 * {@code yield from torch.randperm(...)} loops, whose draws happen as the iteration reaches them.
 */
abstract class Chunks implements Iterator<Integer> {
    private final String owner;
    private long[] chunk = new long[0];
    private int pos;
    private boolean done;

    Chunks(String owner) {
        this.owner = owner;
    }

    /** The next chunk (possibly empty), or null when there is none. */
    abstract long[] nextChunk();

    @Override
    public final boolean hasNext() {
        while (!done && pos == chunk.length) {
            long[] c = nextChunk();
            if (c == null) {
                done = true;
            } else {
                chunk = c;
                pos = 0;
            }
        }
        return !done;
    }

    @Override
    public final Integer next() {
        if (!hasNext()) {
            throw new NoSuchElementException(owner + ": the epoch has ended");
        }
        return (int) chunk[pos++];
    }
}
