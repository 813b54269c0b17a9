package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.grad4j.AutogradFunction;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.nn.ReLU;
import org.grad4j.nn.Sequential;
import org.grad4j.nn.Sigmoid;
import org.grad4j.nn.Tanh;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing silently wrong (issue 11): stale memory, element-count overflow, empty views, writes
 * through overlapping views, autograd's checks, clear errors instead of JVM errors, all-or-nothing
 * updates. Each case failed (or gave a wrong value) before its fix.
 */
public abstract class ReliabilityConformance extends DeviceConformance {
    private static final int BIG = 65536;

    private Tensor full(double value, DType dtype, int... shape) {
        backend();   // skips where the device is unavailable
        return Tensor.full(shape, value, dtype, device());
    }

    private Tensor zeros(int... shape) {
        return full(0.0, DType.FLOAT32, shape);
    }

    private Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    /** {@code call} throws {@code type} (never an NPE, AIOOBE or JVM error) with every fragment in its message. */
    static <E extends Throwable> E refuses(Class<E> type, Executable call, String... fragments) {
        E e = assertThrows(type, call);
        assertTrue(e.getMessage() != null, "no message: " + e);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        }
        return e;
    }

    // ------------------------------------------------------------------ 1. zero-fill

    @Test
    void zerosAreZeroEvenWhereReleasedMemoryIsReused() {
        for (int round = 0; round < 3; round++) {
            try (MemoryScope s = MemoryScope.open()) {
                full(7.0, DType.FLOAT32, 200, 100);
                full(7.0, DType.FLOAT64, 200, 100);
            }
            assertEquals(0.0, zeros(200, 100).sum().item());
            assertEquals(0.0, full(0.0, DType.FLOAT64, 200, 100).sum().item());
        }
    }

    @Test
    void sliceGradientsAreZeroOutsideTheSlice() {
        Tensor w = ones(20_000).requiresGrad_(true);
        for (int step = 0; step < 3; step++) {
            w.clearGrad();
            w.narrow(0, 100 * step, 10).sum().backward();
            assertEquals(10.0, w.grad().sum().item(), "step " + step);
        }
        Tensor m = full(1.0, DType.FLOAT64, 200, 100).requiresGrad_(true);
        for (int step = 0; step < 3; step++) {
            m.clearGrad();
            m.select(0, step).sum().backward();
            assertEquals(100.0, m.grad().sum().item(), "step " + step);
        }
    }

    // ------------------------------------------------------------------ 2-4. sizes, offsets, empty views

    @Test
    void elementCountsPast2To31AreRefusedNamingTheOp() {
        refuses(IllegalArgumentException.class, () -> ones(1, 1).expand(BIG, BIG), "expand", "[65536, 65536]");
        refuses(IllegalArgumentException.class, () -> ones(BIG, 1).add(ones(1, BIG)), "add", "[65536, 65536]");
        refuses(IllegalArgumentException.class, () -> ones(46341, 1).mul(ones(1, 46341)), "mul", "46341");
        refuses(IllegalArgumentException.class, () -> zeros(0).reshape(BIG, BIG, BIG, BIG), "reshape");
        refuses(IllegalArgumentException.class, () -> zeros(0, BIG, BIG), "full", "[0, 65536, 65536]");
        refuses(IllegalArgumentException.class, () -> zeros(BIG, BIG, 0), "full", "[65536, 65536, 0]");
        refuses(IllegalArgumentException.class, () -> ones(BIG, 1).matmul(ones(1, BIG)), "matmul", "[65536, 65536]");
        IllegalArgumentException e = refuses(IllegalArgumentException.class,
                () -> ones(2, BIG, 1).matmul(ones(1, BIG)), "matmul");
        assertFalse(e.getMessage().contains("ld"), e.getMessage());
        refuses(IllegalArgumentException.class, () -> new Linear(50000, 50000, true, new Generator(0), DType.FLOAT32,
                device()), "Linear");
        refuses(IllegalArgumentException.class, () -> new Linear(BIG, BIG, true, new Generator(0), DType.FLOAT32,
                device()), "Linear", "[65536, 65536]");
        refuses(IllegalArgumentException.class, () -> Tensor.arange(0, 3e9, 1), "arange");
        // Within the limit still works, and an empty tensor with a reducible axis stays consistent.
        assertArrayEquals(new int[] {0, 46340}, zeros(0, 1).expand(0, 46340).shape());
        assertEquals(0, zeros(0, 3).sum(0).sum().item());
    }

    @Test
    void narrowWithAHugeStartOrLengthIsRefused() {
        Tensor t = full(1.0, DType.FLOAT64, 5, 3);
        refuses(IndexOutOfBoundsException.class, () -> t.narrow(0, Integer.MAX_VALUE, 10), "narrow");
        refuses(IndexOutOfBoundsException.class, () -> t.narrow(0, 2, Integer.MAX_VALUE), "narrow");
        refuses(IndexOutOfBoundsException.class, () -> t.narrow(0, 4, 2), "narrow");
        assertArrayEquals(new int[] {0, 3}, t.narrow(0, 5, 0).shape());
    }

    @Test
    void emptyViewsAtANonzeroOffsetWork() {
        Tensor a = full(0.0, DType.FLOAT64, 3, 0).narrow(0, 2, 1);
        assertEquals("tensor([], size=(1, 0), dtype=torch.float64)", a.toString());
        assertArrayEquals(new int[] {1, 0}, zeros(1, 4, 0).select(1, 2).clone().shape());
        Tensor x = zeros(1, 5, 0).requiresGrad_(true);
        x.select(1, 4).sum().backward();
        assertArrayEquals(new int[] {1, 5, 0}, x.grad().shape());
        assertEquals(0, zeros(2, 0, 3).narrow(0, 1, 1).transpose(0, 2).contiguous().numel());
        assertEquals(0.0, zeros(4, 0).narrow(0, 3, 1).add(1.0).sum().item());
    }

    // ------------------------------------------------------------------ 5. overlapping writes

    @Test
    void inPlaceWritesIntoExpandedViewsAreRefused() {
        Tensor b = zeros(1, 3);
        Tensor e = b.expand(4, 3);
        String msg = "more than one element of the written-to tensor refers to a single memory location";
        refuses(IllegalArgumentException.class, () -> e.add_(ones(4, 3)), "add_", msg, "clone()");
        refuses(IllegalArgumentException.class, () -> e.add_(1.0), "add_", msg);
        refuses(IllegalArgumentException.class, () -> e.mul_(ones(4, 3)), "mul_", msg);
        refuses(IllegalArgumentException.class, () -> e.add_(ones(4, 3), 2.0), "add_", msg);
        refuses(IllegalArgumentException.class, () -> e.copy_(ones(4, 3)), "copy_", msg);
        refuses(IllegalArgumentException.class, () -> e.fill_(2.0), "fill_", msg);
        refuses(IllegalArgumentException.class, () -> e.zero_(), msg);
        assertArrayEquals(new double[] {0, 0, 0}, b.toDoubleArray());
        assertEquals(0, b.version());
        // A single element of an expanded view is one location: writing it is fine, as in PyTorch.
        e.set(5.0, 2, 1);
        assertArrayEquals(new double[] {0, 5, 0}, b.toDoubleArray());
        // Expanding over a size-1 dimension does not overlap.
        ones(3, 1).expand(3, 1).add_(1.0);
    }

    // ------------------------------------------------------------------ 6. autograd checks

    @Test
    void inPlaceThroughANoGradViewOfAGradTensorIsRefused() {
        Tensor w = full(1.0, DType.FLOAT64, 3).requiresGrad_(true);
        Tensor v;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            v = w.narrow(0, 0, 2);
            v.add_(1.0);   // inside noGrad: allowed
        }
        refuses(IllegalStateException.class, () -> v.add_(1.0), "view was created in no_grad mode");
        refuses(IllegalStateException.class, () -> v.set(3.0, 0), "view was created in no_grad mode");
        assertArrayEquals(new double[] {2, 2, 1}, w.detach().toDoubleArray());
    }

    /** Saves its input; backward multiplies by it. */
    static final class TimesSaved extends AutogradFunction {
        @Override
        protected Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].mul(2.0);
        }

        @Override
        protected Tensor[] backward(Context ctx, Tensor g) {
            return new Tensor[] {g.mul(ctx.saved(0))};
        }
    }

    @Test
    void aCustomFunctionsSavedTensorsAreVersionChecked() {
        Tensor x = full(1.0, DType.FLOAT64, 2, 3).requiresGrad_(true);
        Tensor y = x.mul(1.0);
        Tensor z = new TimesSaved().apply(y);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            y.mul_(100.0);
        }
        refuses(IllegalStateException.class, () -> z.sum().backward(), "modified by an inplace operation",
                "expected version 0");
        refuses(IllegalArgumentException.class, () -> new AutogradFunction() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward((Tensor[]) null);
                return in[0];
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g};
            }
        }.apply(x), "saveForBackward");
    }

    @Test
    void aCustomBackwardOfAnotherDtypeIsCastToTheInputsDtype() {
        // PyTorch 1.13 (checked): a float64 gradient for a float32 input is cast, so .grad is float32.
        Tensor x = ones(2).requiresGrad_(true);
        new AutogradFunction() {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(2.0);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor g) {
                return new Tensor[] {g.to(DType.FLOAT64)};
            }
        }.apply(x).sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    // ------------------------------------------------------------------ 8. out of memory

    @Test
    void hugeAllocationsGiveAGrad4jErrorAndTheProcessGoesOn() {
        Assumptions.assumeTrue(Runtime.getRuntime().maxMemory() < 8L << 30, "needs a heap below 8 GiB");
        Assumptions.assumeTrue(device().type().equals("cpu"), "host memory");
        refuses(IllegalStateException.class, () -> ones(Integer.MAX_VALUE), "full", "out of memory",
                "[2147483647]", "bytes");
        refuses(IllegalStateException.class, () -> full(1.0, DType.FLOAT64, 46340, 46340), "full", "out of memory");
        refuses(IllegalStateException.class, () -> Tensor.linspace(0, 1, Integer.MAX_VALUE), "linspace",
                "out of memory");
        refuses(IllegalStateException.class, () -> new Linear(40000, 40000, true, new Generator(0), DType.FLOAT64,
                device()), "Linear", "out of memory");
        assertEquals(6.0, ones(2, 3).sum().item());
    }

    // ------------------------------------------------------------------ 9, 12, 13. checkpoints

    @Test
    void safetensorsBoundsTheHeaderAndTheMemoryAFileNeeds(@TempDir Path dir) throws IOException {
        backend();
        StringBuilder h = new StringBuilder("{");
        for (int i = 0; i < Safetensors.MAX_ENTRIES + 10; i++) {
            h.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],")
                    .append("\"data_offsets\":[0,0]}");
        }
        h.append('}');
        Path many = dir.resolve("many.safetensors");
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length);
        Files.write(many, concat(len.array(), header));
        refuses(IOException.class, () -> Safetensors.load(many, device()), many.toString(), "at most");

        // A sparse file claiming one tensor larger than the heap: refused before anything is allocated.
        long max = Runtime.getRuntime().maxMemory();
        Assumptions.assumeTrue(max < 6L << 30, "needs a heap below 6 GiB");
        long elements = Math.min(Integer.MAX_VALUE, max / 4 + 1);
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[" + elements + "],\"data_offsets\":[0," + elements * 4 + "]}}";
        byte[] jb = json.getBytes(StandardCharsets.UTF_8);
        Path sparse = dir.resolve("sparse.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .putLong(jb.length);
            f.write(l.array());
            f.write(jb);
            f.setLength(8 + jb.length + elements * 4);
        }
        if (device().type().equals("cpu")) {
            refuses(IllegalStateException.class, () -> Safetensors.load(sparse, device()), sparse.toString(),
                    "out of memory", "bytes");
        }
        assertEquals(6.0, ones(2, 3).sum().item());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void aSaveRemovesTheTemporariesOfKilledSaves(@TempDir Path dir) throws Exception {
        Linear model = new Linear(2, 1, true, new Generator(0), DType.FLOAT32, device());
        Process dead = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-version").redirectErrorStream(true).start();
        dead.getInputStream().readAllBytes();
        dead.waitFor();
        Path stale = dir.resolve(".model.safetensors." + dead.pid() + ".123456789.tmp");
        Path live = dir.resolve(".model.safetensors." + ProcessHandle.current().pid() + ".42.tmp");
        Path other = dir.resolve(".other.safetensors." + dead.pid() + ".7.tmp");
        Files.write(stale, new byte[100]);
        Files.write(live, new byte[100]);
        Files.write(other, new byte[100]);
        Safetensors.save(dir.resolve("model.safetensors"), model);
        assertFalse(Files.exists(stale), "a dead writer's temporary for this target stays");
        assertTrue(Files.exists(live), "a live writer's temporary was deleted");
        assertTrue(Files.exists(other), "another target's temporary was deleted");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(".model.safetensors." + ProcessHandle.current().pid() + ".42.tmp",
                    ".other.safetensors." + dead.pid() + ".7.tmp", "model.safetensors"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void loadingADirectoryNamesThePath(@TempDir Path dir) {
        backend();
        refuses(IOException.class, () -> Safetensors.load(dir, device()), dir.toString(), "directory");
    }

    // ------------------------------------------------------------------ 10, 11, 13. API misuse

    @Test
    void nullsAndCyclesGiveClearErrors() {
        Tensor t = ones(2);
        refuses(IllegalArgumentException.class, () -> t.copy_(null), "copy_");
        refuses(IllegalArgumentException.class, () -> new Tanh().forward(null), "Tanh");
        refuses(IllegalArgumentException.class, () -> new ReLU().forward(null), "ReLU");
        refuses(IllegalArgumentException.class, () -> new Sigmoid().forward(null), "Sigmoid");
        class Box extends Module {
            Box adopt(String name, Module m) {
                registerModule(name, m);
                return this;
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        }
        Box a = new Box();
        refuses(IllegalArgumentException.class, () -> a.adopt("self", a), "cycle");
        Box b = new Box();
        a.adopt("b", b);
        refuses(IllegalArgumentException.class, () -> b.adopt("a", a), "cycle");
        assertEquals(0, a.parameters().size());
    }

    @Test
    void loadStateDictAndStepAreAllOrNothing() {
        Linear model = new Linear(3, 2, true, new Generator(0), DType.FLOAT64, device());
        double[] weight = model.weight().toDoubleArray();
        double[] bias = model.bias().toDoubleArray();
        Map<String, Tensor> state = new LinkedHashMap<>();
        Tensor newWeight = full(5.0, DType.FLOAT64, 2, 3);
        state.put("weight", newWeight);
        try (MemoryScope s = MemoryScope.open()) {
            state.put("bias", full(5.0, DType.FLOAT64, 2));
        }
        refuses(IllegalArgumentException.class, () -> model.loadStateDict(state), "bias", "released", "Nothing was loaded");
        assertArrayEquals(weight, model.weight().toDoubleArray());

        SGD sgd = new SGD(model.parameters(), 0.1);
        model.weight().setGrad(full(1.0, DType.FLOAT64, 2, 3));
        try (MemoryScope s = MemoryScope.open()) {
            model.bias().setGrad(full(1.0, DType.FLOAT64, 2));
        }
        refuses(IllegalStateException.class, sgd::step, "SGD.step", "parameter 1", "released", "nothing was updated");
        assertArrayEquals(weight, model.weight().toDoubleArray());
        assertArrayEquals(bias, model.bias().toDoubleArray());
    }

    @Test
    void messagesNameWhatWentWrong() {
        refuses(IllegalArgumentException.class, () -> Tensor.tensor(new double[][] {null, {1}}), "row 0 is null");
        refuses(IndexOutOfBoundsException.class, () -> new Sequential(new ReLU()).get(5), "Sequential.get", "5");
        Tensor x = ones(2, 3);
        Tensor y = ones(4);
        refuses(IllegalArgumentException.class, () -> new MSELoss().broadcasting().forward(x, y), "mse_loss", "[2, 3]");
        IllegalArgumentException e = refuses(IllegalArgumentException.class, () -> new MSELoss().forward(x, ones(3)),
                ".broadcasting()");
        assertFalse(e.getMessage().contains("broadcast=true"), e.getMessage());
        refuses(IllegalStateException.class, () -> Tensor.full(new int[] {1}, 0.0, DType.FLOAT32,
                new org.grad4j.Device("cpu", 1)), "cpu:1");
    }

    // ------------------------------------------------------------------ issue 15 friction

    @Test
    void aReleasedTensorPrintsWithoutThrowing() {
        Tensor t;
        try (MemoryScope s = MemoryScope.open()) {
            t = full(1.0, DType.FLOAT64, 2, 3);
        }
        assertTrue(t.isReleased());
        assertEquals("tensor(<released>, size=(2, 3), dtype=torch.float64)", t.toString());
        assertFalse(ones(1).isReleased());
    }

    @Test
    void scalarComparisons() {
        // Expected values printed by PyTorch 1.13: (t < 2), (t <= 2), (t >= 2), (t != 2) for t = [1, 2, 3, nan].
        Tensor t = Tensor.of(new double[] {1, 2, 3, Double.NaN}, DType.FLOAT64, device(), 4);
        assertArrayEquals(new double[] {1, 0, 0, 0}, t.lt(2.0).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 0, 0}, t.le(2.0).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1, 0}, t.ge(2.0).toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 1, 1}, t.ne(2.0).toDoubleArray());
        assertEquals(DType.BOOL, t.le(2.0).dtype());
    }
}
