package org.grad4j.conformance;

import org.grad4j.Device;
import org.junit.jupiter.api.Nested;

/**
 * The shared conformance suite every backend runs: extend it with one line,
 * {@code class CpuConformanceTest extends BackendConformanceSuite { protected Device device() { return Device.CPU; } }}.
 *
 * <ul>
 *   <li>{@link Primitives}: every {@link org.grad4j.spi.Backend} primitive against a naive double
 *       reference, on strided, broadcast and offset operands, in both dtypes;</li>
 *   <li>{@link Gradients}: every backward rule against finite differences ({@code GradCheck}, float64);</li>
 *   <li>{@link GoldenOps}: forward values and gradients of every op against PyTorch 1.13;</li>
 *   <li>{@link GoldenReductions}: sum and mean against PyTorch 1.13, bit for bit on the CPU;</li>
 *   <li>{@link GoldenGradFnNames}: grad_fn names of every op and calling form against PyTorch 1.13;</li>
 *   <li>{@link GoldenTraining}: Linear + MSELoss + SGD traces (every reduction and SGD option) against PyTorch.</li>
 * </ul>
 * The golden files are made by {@code tools/golden/torch_golden.py}.
 */
public abstract class BackendConformanceSuite {
    /** The device under test; its backend is found by {@link java.util.ServiceLoader} from the device type. */
    protected abstract Device device();

    /** SPI primitives against a naive reference. */
    @Nested
    class Primitives extends PrimitiveConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Backward rules against finite differences. */
    @Nested
    class Gradients extends GradientConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Single ops against PyTorch. */
    @Nested
    class GoldenOps extends GoldenOpsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Sums and means against PyTorch, bit for bit on the CPU. */
    @Nested
    class GoldenReductions extends GoldenReductionConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** grad_fn names against PyTorch. */
    @Nested
    class GoldenGradFnNames extends GoldenGradFnConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Training traces against PyTorch. */
    @Nested
    class GoldenTraining extends GoldenTrainingConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }
}
