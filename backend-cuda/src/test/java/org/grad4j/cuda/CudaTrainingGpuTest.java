package org.grad4j.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.optim.SGD;
import org.grad4j.spi.Availability;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A long training loop on the GPU keeps device memory flat and stops calling cudaMalloc once warm. */
class CudaTrainingGpuTest {
    @Test
    void hundredThousandSeedStepsKeepDeviceMemoryFlat() {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability a = provider.availability();
        Assumptions.assumeTrue(a.available(), "no usable CUDA GPU: " + a.detail());
        CudaBackend be = (CudaBackend) provider.backend(0);
        Device gpu = be.device();
        Linear model = new Linear(1, 1, true, new Generator(0), DType.FLOAT64, gpu);
        SGD opt = SGD.builder(model.parameters(), 1e-3).momentum(0.9).build();
        MSELoss lossFn = new MSELoss();
        Tensor x = Tensor.of(new double[] {0.5}, DType.FLOAT64, gpu, 1, 1);
        Tensor y = Tensor.of(new double[] {2.0}, DType.FLOAT64, gpu, 1, 1);
        long liveAfterWarmUp = 0;
        long mallocsAfterWarmUp = 0;
        for (int step = 0; step < 100_000; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = lossFn.forward(model.forward(x), y);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
            if (step == 1_000) {
                liveAfterWarmUp = be.allocator().liveBytes();
                mallocsAfterWarmUp = be.allocator().mallocCount();
            }
        }
        // The model's buffers come from this backend's allocator (one backend per device and process).
        assertTrue(liveAfterWarmUp > 0, "the model's parameters are not held by the allocator under test");
        assertTrue(mallocsAfterWarmUp > 0, "the allocator under test never called cudaMalloc");
        assertEquals(liveAfterWarmUp, be.allocator().liveBytes(), "device bytes held by live buffers");
        assertEquals(mallocsAfterWarmUp, be.allocator().mallocCount(), "cudaMalloc calls after warm-up");
    }
}
