package org.grad4j.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/**
 * Child process for {@link SafetensorsTest}'s kill test: overwrites {@code args[0]} with generation
 * 1, 2, 3, ... of a big checkpoint ({@code gen} = g, {@code w} = g everywhere) until it is killed.
 */
public final class CheckpointWriterChild {
    static final int N = 1 << 21; // 16 MiB of float64 per checkpoint

    private CheckpointWriterChild() {
    }

    static Map<String, Tensor> generation(int g) {
        double[] w = new double[N];
        java.util.Arrays.fill(w, g);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("gen", Tensor.of(new double[] {g}, DType.FLOAT64, Device.CPU));
        m.put("w", Tensor.of(w, DType.FLOAT64, Device.CPU, N));
        return m;
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        for (int g = 1; ; g++) {
            Safetensors.save(target, generation(g));
            if (g == 1) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
