package org.grad4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.Adam;
import org.grad4j.optim.SGD;
import org.grad4j.optim.StateDict;

/**
 * Writes the Java-side reference checkpoints that {@code tools/golden/safetensors_golden.py verify}
 * checks in PyTorch. Regenerate (then rerun the script) with
 * {@code java -cp <test class path> org.grad4j.io.SafetensorsGolden core/src/test/resources/golden}.
 */
public final class SafetensorsGolden {
    static final String[] JAVA_FILES = {"java_model_f64.safetensors", "java_tensors.safetensors", "java_sgd.safetensors",
        "java_adam.safetensors"};

    private SafetensorsGolden() {
    }

    /** The value formula shared with the Python script: exact in float32 and float64. */
    static double value(int k, int i) {
        return ((i * 7 + k * 3) % 11 - 5) / 16.0 + k;
    }

    static Tensor filled(int k, DType dtype, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value(k, i);
        }
        return Tensor.of(v, dtype, Device.CPU, shape);
    }

    /** PyTorch's {@code Sequential(Linear(3, 4), Tanh(), Linear(4, 2))} in {@code dtype}. */
    static Sequential model(DType dtype, long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(3, 4, true, g, dtype, Device.CPU), new Tanh(),
                new Linear(4, 2, true, g, dtype, Device.CPU));
    }

    /** Writes the three reference files into {@code dir}. */
    static void write(Path dir) throws IOException {
        Sequential m = model(DType.FLOAT64, 1);
        Map<String, Tensor> state = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            state.put(e.getKey(), filled(k++, DType.FLOAT64, e.getValue().shape()));
        }
        m.loadStateDict(state);
        Safetensors.save(dir.resolve(JAVA_FILES[0]), m);

        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", filled(1, DType.FLOAT32, 2, 3, 4));
        tensors.put("f64", filled(2, DType.FLOAT64, 5));
        tensors.put("scalar", Tensor.of(new double[] {-2.5}, DType.FLOAT64, Device.CPU));
        tensors.put("empty", Tensor.of(new double[0], DType.FLOAT64, Device.CPU, 3, 0));
        tensors.put("special", Tensor.of(new double[] {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.NaN, Double.MIN_VALUE, 0.1}, DType.FLOAT64, Device.CPU, 7));
        Safetensors.save(dir.resolve(JAVA_FILES[1]), tensors);

        List<Tensor> params = m.parameters();
        SGD opt = SGD.builder(params, 0.1).momentum(0.9).build();
        for (int i = 0; i < params.size(); i++) {
            opt.setMomentumBuffer(i, filled(10 + i, DType.FLOAT64, params.get(i).shape()));
        }
        Safetensors.save(dir.resolve(JAVA_FILES[2]), opt);

        // Adam in two groups, every state tensor filled by the formula, step 3, options PyTorch must read back.
        Adam adam = Adam.builder(params.subList(0, 2)).lr(0.01).betas(0.8, 0.99).weightDecay(0.1).amsgrad(true).build();
        adam.addParamGroup(params.subList(2, params.size()), Map.of("lr", 0.5, "eps", 1e-6));
        Map<Integer, Map<String, Tensor>> st = new LinkedHashMap<>();
        String[] keys = {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
        for (int i = 0; i < params.size(); i++) {
            Map<String, Tensor> m1 = new LinkedHashMap<>();
            m1.put("step", Tensor.of(new double[] {3}, DType.FLOAT32, Device.CPU));
            for (int j = 0; j < keys.length; j++) {
                m1.put(keys[j], filled(20 + 3 * i + j, DType.FLOAT64, params.get(i).shape()));
            }
            st.put(i, m1);
        }
        adam.loadStateDict(new StateDict(st, adam.stateDict().paramGroups()));
        Safetensors.save(dir.resolve(JAVA_FILES[3]), adam);
    }

    /** Copies a class-path resource ({@code golden/...}, from core's test jar) to a file in {@code dir}. */
    static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = SafetensorsGolden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource golden/" + name);
            }
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "."));
    }
}
