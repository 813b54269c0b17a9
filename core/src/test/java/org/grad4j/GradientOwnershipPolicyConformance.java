package org.grad4j;

import static org.grad4j.GradientOwnership.BORROWED;
import static org.grad4j.GradientOwnership.EXCLUSIVE;
import static org.grad4j.GradientOwnership.OWNED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.conformance.DeviceConformance;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of {@link GradientOwnership}, the engine's policy on reusing gradient memory, one
 * decision at a time (the end-to-end behaviour is in {@code GradientOwnershipConformance}, which
 * extends this class so that every backend runs both). In package {@code org.grad4j} because the
 * policy is package-private.
 */
public abstract class GradientOwnershipPolicyConformance extends DeviceConformance {
    private static Tensor t(double... v) {
        return Tensor.of(v, DType.FLOAT64, dev(), v.length);
    }

    /** A node with one input edge per tensor, returning fresh gradients (a built-in rule) or not (a user rule). */
    private static Node node(boolean builtIn, Tensor... inputs) {
        return new Node(inputs) {
            @Override
            public String name() {
                return builtIn ? "TestBackward0" : "TestFunctionBackward";
            }

            @Override
            Tensor[] backward(Tensor grad) {
                throw new AssertionError("not called");
            }

            @Override
            boolean returnsOwnGradients() {
                return builtIn;
            }
        };
    }

    @Test
    public void aPassStartsFromABorrowedGradientAndOwnsItsSums() {
        assertEquals(BORROWED, GradientOwnership.ofRoot());
        assertEquals(EXCLUSIVE, GradientOwnership.ofSum());
    }

    @Test
    public void aGradientPassedThroughKeepsItsOwnershipUnlessTwoInputsGetIt() {
        Node n = node(true, t(1).requiresGrad_(true), t(2).requiresGrad_(true));
        Tensor g = t(5);
        Tensor[] one = {g, null};
        assertEquals(BORROWED, GradientOwnership.routed(n, g, BORROWED, one, 0));
        assertEquals(OWNED, GradientOwnership.routed(n, g, OWNED, one, 0));
        assertEquals(EXCLUSIVE, GradientOwnership.routed(n, g, EXCLUSIVE, one, 0));
        Tensor[] both = {g, g};
        assertEquals(OWNED, GradientOwnership.routed(n, g, EXCLUSIVE, both, 0));
        assertEquals(OWNED, GradientOwnership.routed(n, g, EXCLUSIVE, both, 1));
        assertEquals(BORROWED, GradientOwnership.routed(n, g, BORROWED, both, 1));
    }

    @Test
    public void aBuiltInRulesFreshResultIsThePassesAloneUnlessItSharesMemory() {
        Node n = node(true, t(1).requiresGrad_(true), t(2).requiresGrad_(true));
        Tensor g = t(5, 6);
        Tensor fresh = t(7, 8);
        assertEquals(EXCLUSIVE, GradientOwnership.routed(n, g, BORROWED, new Tensor[] {fresh, null}, 0));
        assertEquals(EXCLUSIVE, GradientOwnership.routed(n, g, BORROWED, new Tensor[] {fresh, t(9, 9)}, 0));
        assertEquals(OWNED, GradientOwnership.routed(n, g, EXCLUSIVE, new Tensor[] {fresh, fresh}, 0),
                "one fresh tensor for two inputs");
        assertEquals(OWNED, GradientOwnership.routed(n, g, EXCLUSIVE, new Tensor[] {fresh, fresh.narrow(0, 1, 1)}, 0),
                "another input gradient is a view of it");
        assertEquals(OWNED, GradientOwnership.routed(n, g, EXCLUSIVE, new Tensor[] {g.view(2), null}, 0),
                "a view of the node's own gradient");
        assertEquals(EXCLUSIVE, GradientOwnership.routed(n, null, BORROWED, new Tensor[] {fresh, null}, 0));
    }

    @Test
    public void whatAUserRuleReturnsIsBorrowed() {
        Node n = node(false, t(1).requiresGrad_(true));
        Tensor g = t(5);
        assertEquals(BORROWED, GradientOwnership.routed(n, g, EXCLUSIVE, new Tensor[] {t(7)}, 0));
        assertEquals(EXCLUSIVE, GradientOwnership.routed(n, g, EXCLUSIVE, new Tensor[] {g}, 0),
                "passed its own gradient back: ownership follows the tensor");
    }

    @Test
    public void aGradientIsFreedAfterUseOnlyWhenThePassHeldItAloneAndNothingPassedItOn() {
        Node builtIn = node(true, t(1).requiresGrad_(true));
        Tensor g = t(5, 6);
        Tensor[] fresh = {t(7, 8)};
        assertTrue(GradientOwnership.freeAfterUse(builtIn, g, EXCLUSIVE, fresh));
        assertFalse(GradientOwnership.freeAfterUse(builtIn, g, OWNED, fresh));
        assertFalse(GradientOwnership.freeAfterUse(builtIn, g, BORROWED, fresh));
        assertFalse(GradientOwnership.freeAfterUse(builtIn, null, EXCLUSIVE, fresh));
        assertFalse(GradientOwnership.freeAfterUse(builtIn, g, EXCLUSIVE, new Tensor[] {g}), "passed on");
        assertFalse(GradientOwnership.freeAfterUse(builtIn, g, EXCLUSIVE, new Tensor[] {g.narrow(0, 0, 1)}),
                "a view of it passed on");
        assertFalse(GradientOwnership.freeAfterUse(node(false, t(1).requiresGrad_(true)), g, EXCLUSIVE, fresh),
                "a user rule may keep it");
        Tensor leaf = t(1, 2).requiresGrad_(true);
        assertFalse(GradientOwnership.freeAfterUse(leaf.accumulator(), g, EXCLUSIVE, new Tensor[0]),
                "a leaf may have adopted it");
    }

    @Test
    public void onlyAWholeFreshGradientOfTheLeafsLayoutIsAdopted() {
        Tensor leaf = t(1, 2).requiresGrad_(true);
        assertTrue(GradientOwnership.mayAdopt(leaf, t(3, 4), true));
        assertFalse(GradientOwnership.mayAdopt(leaf, t(3, 4), false), "not the pass's");
        assertFalse(GradientOwnership.mayAdopt(leaf, t(3, 4, 5).narrow(0, 1, 2), true), "a view at an offset");
        assertFalse(GradientOwnership.mayAdopt(leaf, t(3, 4).view(1, 2).view(2), true), "a view");
        assertFalse(GradientOwnership.mayAdopt(leaf, t(3, 4).requiresGrad_(true), true), "has history");
        assertFalse(GradientOwnership.mayAdopt(leaf, Tensor.of(new double[] {3, 4}, DType.FLOAT32, dev(), 2), true),
                "another dtype");
        assertFalse(GradientOwnership.mayAdopt(leaf, Tensor.of(new double[] {3, 4}, DType.FLOAT64, dev(), 1, 2), true),
                "another shape");
        Tensor big = t(3, 4, 5, 6);
        assertFalse(GradientOwnership.mayAdopt(leaf, new Tensor(big.storage, new int[] {2}, new int[] {1}, 0,
                DType.FLOAT64), true), "part of a larger buffer");
        Tensor leaf2 = Tensor.of(new double[4], DType.FLOAT64, dev(), 2, 2).requiresGrad_(true);
        Tensor strided = new Tensor(t(1, 2, 3, 4).storage, new int[] {2, 2}, new int[] {1, 2}, 0, DType.FLOAT64);
        assertFalse(GradientOwnership.mayAdopt(leaf2, strided, true), "not contiguous");
        assertTrue(GradientOwnership.mayAdopt(leaf2, Tensor.of(new double[] {1, 2, 3, 4}, DType.FLOAT64, dev(), 2, 2), true));
        Tensor other = t(1, 2).requiresGrad_(true);
        Tensor shared = t(3, 4);
        GradientOwnership.accumulate(other, shared, true);
        assertFalse(GradientOwnership.mayAdopt(leaf, shared, true), "already another leaf's gradient");
    }

    @Test
    public void theFirstGradientIsAdoptedOrClonedAndLaterOnesAddInPlace() {
        Tensor leaf = t(1, 2).requiresGrad_(true);
        Tensor first;
        try (MemoryScope scope = MemoryScope.open()) {
            first = t(3, 4);
            GradientOwnership.accumulate(leaf, first, true);
        }
        assertSame(first, leaf.grad(), "adopted");
        assertTrue(leaf.grad().storage.gradient);
        assertNull(leaf.grad().storage.scope);
        assertArrayEquals(new double[] {3, 4}, leaf.grad().toDoubleArray(), "kept out of the closed scope");
        Tensor second = t(10, 20);
        GradientOwnership.accumulate(leaf, second, true);
        assertSame(first, leaf.grad(), "added in place");
        assertArrayEquals(new double[] {13, 24}, leaf.grad().toDoubleArray());
        assertArrayEquals(new double[] {10, 20}, second.toDoubleArray());

        Tensor leaf2 = t(1, 2).requiresGrad_(true);
        Tensor borrowed = t(5, 6);
        GradientOwnership.accumulate(leaf2, borrowed, false);
        assertNotSame(borrowed, leaf2.grad(), "cloned");
        assertTrue(leaf2.grad().storage.gradient);
        assertFalse(borrowed.storage.gradient);
        GradientOwnership.accumulate(leaf2, borrowed, false);
        assertArrayEquals(new double[] {10, 12}, leaf2.grad().toDoubleArray());
        assertArrayEquals(new double[] {5, 6}, borrowed.toDoubleArray(), "the caller's tensor was written into");
    }
}
