package org.grad4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** DistributedSampler's bookkeeping (its index lists are checked against PyTorch in Data3Conformance). */
class DistributedSamplerTest {

    /** A dataset whose size can change, to test the sampler's constant-size check. */
    private static final class Sized implements Dataset<Integer> {
        int n;

        Sized(int n) {
            this.n = n;
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public Integer get(int index) {
            return index;
        }
    }

    private static List<Integer> list(Iterable<Integer> it) {
        List<Integer> out = new ArrayList<>();
        it.forEach(out::add);
        return out;
    }

    @Test
    void ranksPartitionThePaddedEpochAndSetEpochReshuffles() {
        Sized ds = new Sized(10);
        List<Integer> all = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            DistributedSampler s = new DistributedSampler(ds, 3, rank);
            assertEquals(4, s.len());
            assertEquals(12, s.totalSize());
            assertEquals(s.len(), list(s).size());
            all.addAll(list(s));
        }
        assertEquals(12, all.size());
        assertTrue(all.containsAll(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)));

        DistributedSampler s = new DistributedSampler(ds, 2, 1, true, 3, false);
        List<Integer> epoch0 = list(s);
        assertEquals(epoch0, list(s));   // the same order until setEpoch
        s.setEpoch(1);
        assertEquals(1, s.epoch());
        assertNotEquals(epoch0, list(s));
        assertEquals(list(new DistributedSampler(ds, 2, 1, true, 4, false)), list(s));   // seed + epoch
        assertEquals("DistributedSampler(num_replicas=2, rank=1, shuffle=True, seed=3, drop_last=False, epoch=1)",
                s.toString());
    }

    @Test
    void aDatasetWhoseSizeChangedFails() {
        Sized grows = new Sized(5);
        DistributedSampler padded = new DistributedSampler(grows, 2, 0, false, 0, false);
        grows.n = 9;
        assertThrows(IllegalStateException.class, padded::iterator);
        Sized shrinks = new Sized(9);
        DistributedSampler dropped = new DistributedSampler(shrinks, 4, 3, true, 0, true);
        assertEquals(2, dropped.len());
        shrinks.n = 3;
        assertThrows(IllegalStateException.class, dropped::iterator);
        Sized empties = new Sized(2);
        DistributedSampler s = new DistributedSampler(empties, 2, 0);
        empties.n = 0;
        assertThrows(IllegalStateException.class, s::iterator);
        assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(new Sized(3), 2, 2));
    }
}
