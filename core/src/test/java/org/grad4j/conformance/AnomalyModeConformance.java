package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.AnomalyMode;
import org.junit.jupiter.api.Test;

public abstract class AnomalyModeConformance extends DeviceConformance {
    private static Tensor leaf(double... v) {
        return Tensor.of(v, DType.FLOAT64, dev(), v.length).requiresGrad_(true);
    }

    @Test
    void nanAndInfPropagateAsInPyTorchWhenOff() {
        // torch: x = tensor([0., 4.], requires_grad=True); (x.sqrt() * 0).sum().backward() -> x.grad = [nan, 0.]
        Tensor x = leaf(0.0, 4.0);
        x.sqrt().mul(0.0).sum().backward();
        assertTrue(Double.isNaN(x.grad().get(0)));
        assertEquals(0.0, x.grad().get(1));
        // torch: y = tensor([0., 2.]); y.log().sum().backward() -> y.grad = [inf, 0.5]
        Tensor y = leaf(0.0, 2.0);
        y.log().sum().backward();
        assertEquals(Double.POSITIVE_INFINITY, y.grad().get(0));
        assertEquals(0.5, y.grad().get(1));
        assertFalse(AnomalyMode.isEnabled());
    }

    @Test
    void namesTheFirstNodeThatProducedNan() {
        Tensor x = leaf(0.0, 4.0);
        Tensor loss = x.sqrt().mul(0.0).add(x).sum();
        try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
            assertTrue(AnomalyMode.isEnabled());
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
            assertEquals("Function 'SqrtBackward0' returned nan values in its 0th output.", e.getMessage());
        }
        assertFalse(AnomalyMode.isEnabled(), "scope restores the previous setting");

        Tensor a = leaf(0.0);
        Tensor b = leaf(0.0);
        try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.div(b).sum().backward());
            assertTrue(e.getMessage().startsWith("Function 'DivBackward0' returned nan values"), e.getMessage());
            // infinities are not anomalies (as in PyTorch)
            Tensor y = leaf(0.0, 2.0);
            y.log().sum().backward();
            assertEquals(Double.POSITIVE_INFINITY, y.grad().get(0));
            // finite graphs pass untouched
            Tensor z = leaf(1.0, 2.0);
            z.mul(z).sum().backward();
            assertEquals(4.0, z.grad().get(1));
        }
    }

    @Test
    void isPerThread() throws Exception {
        AtomicReference<Boolean> seen = new AtomicReference<>();
        try (AnomalyMode.Scope ignored = AnomalyMode.enable()) {
            Thread t = new Thread(() -> {
                seen.set(AnomalyMode.isEnabled());
                Tensor x = leaf(0.0);
                x.sqrt().mul(0.0).sum().backward();   // no check on this thread
            });
            t.start();
            t.join();
        }
        assertEquals(Boolean.FALSE, seen.get());
    }
}
