package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import java.util.List;

import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;

public abstract class MemoryScopeConformance extends DeviceConformance {
    private static Tensor input() {
        return Tensor.of(new double[] {0.5, -1.0, 2.0, 0.25, 1.5, -0.5}, DType.FLOAT64, dev(), 3, 2);
    }

    private static double[] train(boolean scoped) {
        Linear model = new Linear(2, 1, true, new Generator(7), DType.FLOAT64, dev());
        SGD opt = SGD.builder(model.parameters(), 0.05).momentum(0.9).build();
        Tensor x = input();
        Tensor y = Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, dev(), 3, 1);
        for (int step = 0; step < 20; step++) {
            MemoryScope scope = scoped ? MemoryScope.open() : null;
            try {
                Tensor loss = new MSELoss().forward(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
        }
        double[] w = model.weight().toDoubleArray();
        double[] g = model.weight().grad().toDoubleArray();
        double[] m = opt.momentumBuffer(0).toDoubleArray();
        return new double[] {w[0], w[1], model.bias().item(), g[0], g[1], m[0], m[1]};
    }

    @Test
    void trainingInsideScopesKeepsParametersGradientsAndMomentumBitForBit() {
        assertArrayEquals(train(false), train(true));
    }

    @Test
    void tensorsCreatedInAScopeAreReleasedWhenItCloses() {
        Tensor outside = input();
        Tensor inside;
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            inside = outside.mul(2.0);
            kept = MemoryScope.keep(outside.add(1.0));
            assertEquals(1.0, inside.get(0, 0));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inside.add(1.0));
        assertTrue(e.getMessage().contains("MemoryScope"), e.getMessage());
        assertThrows(IllegalStateException.class, inside::toDoubleArray);
        assertEquals(1.5, kept.get(0, 0));
        assertEquals(0.5, outside.get(0, 0));
    }

    @Test
    void zeroGradReleasesTheGradientsAutogradAllocated() {
        Tensor w = Tensor.of(new double[] {1, 2}, DType.FLOAT64, dev(), 2).requiresGrad_(true);
        w.mul(3.0).sum().backward();
        Tensor old = w.grad();
        assertArrayEquals(new double[] {3, 3}, old.toDoubleArray());
        new SGD(List.of(w), 0.1).zeroGrad();
        IllegalStateException e = assertThrows(IllegalStateException.class, old::toDoubleArray);
        assertTrue(e.getMessage().contains("zeroGrad"), e.getMessage());
        Tensor assigned = Tensor.of(new double[] {5, 5}, DType.FLOAT64, dev(), 2);
        w.setGrad(assigned);
        w.clearGrad();
        assertArrayEquals(new double[] {5, 5}, assigned.toDoubleArray(), "a gradient the user assigned is not released");
    }

    @Test
    void viewsShareTheFateOfTheirStorage() {
        Tensor view;
        try (MemoryScope scope = MemoryScope.open()) {
            view = input().mul(1.0).t();
        }
        assertThrows(IllegalStateException.class, () -> view.sum());
    }

    @Test
    void scopesCloseInnermostFirst() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
            assertTrue(e.getMessage().contains("reverse order"), e.getMessage());
        } finally {
            inner.close();
            outer.close();
        }
        Tensor after = input().mul(3.0);
        assertEquals(List.of(3, 2), List.of(after.size(0), after.size(1)));
    }
}
