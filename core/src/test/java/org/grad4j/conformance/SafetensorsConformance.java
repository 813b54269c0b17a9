package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.grad4j.io.Safetensors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.nn.Sequential;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public abstract class SafetensorsConformance extends DeviceConformance {
    @TempDir
    Path dir;

    private static Tensor t64(double[] v, int... shape) {
        return Tensor.of(v, DType.FLOAT64, dev(), shape);
    }

    private static List<double[]> snapshot(Module m) {
        List<double[]> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            out.add(p.toDoubleArray());
        }
        return out;
    }

    private static void assertSameBits(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "element " + i);
        }
    }

    private static void assertUnchanged(List<double[]> before, Module m) {
        List<double[]> after = snapshot(m);
        for (int i = 0; i < before.size(); i++) {
            assertSameBits(before.get(i), after.get(i));
        }
    }

    @Test
    void roundTripKeepsEveryBitShapeDtypeAndMetadata() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a.f64", t64(new double[] {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e300}, 2, 3));
        in.put("b.f32", Tensor.of(new double[] {1.5f, -0.0f, Float.MIN_VALUE, Float.NaN}, DType.FLOAT32, dev(), 4));
        in.put("scalar", t64(new double[] {42.0}));
        in.put("empty", t64(new double[0], 0, 5));
        in.put("transposed", t64(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).t());
        in.put("unicode \"name\"\n", t64(new double[] {7}, 1));
        Path p = dir.resolve("rt.safetensors");
        Safetensors.save(p, in, Map.of("who", "grad4j", "quote", "\"\\"));
        Map<String, Tensor> out = Safetensors.load(p);
        assertEquals(new ArrayList<>(in.keySet()), new ArrayList<>(out.keySet()));
        for (String k : in.keySet()) {
            assertArrayEquals(in.get(k).shape(), out.get(k).shape(), k);
            assertEquals(in.get(k).dtype(), out.get(k).dtype(), k);
            assertSameBits(in.get(k).toDoubleArray(), out.get(k).toDoubleArray());
            assertTrue(out.get(k).isContiguous());
        }
        assertEquals(Map.of("who", "grad4j", "quote", "\"\\"), Safetensors.metadata(p));
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, head.getLong() % 8, "header padded to 8 bytes");
    }

    @Test
    void everyTruncationIsRefusedWithAnIoExceptionNamingTheFile() throws IOException {
        Path p = dir.resolve("full.safetensors");
        Safetensors.save(p, Map.of("w", t64(new double[] {1, 2, 3}, 3), "b", t64(new double[] {4}, 1)));
        byte[] bytes = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.safetensors");
        for (int len = 0; len < bytes.length; len++) {
            Files.write(cut, Arrays.copyOf(bytes, len));
            IOException e = assertThrows(IOException.class, () -> Safetensors.load(cut), "length " + len);
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        }
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
        IOException e = assertThrows(IOException.class, () -> Safetensors.load(cut));
        assertTrue(e.getMessage().contains("'b'") || e.getMessage().contains("'w'"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    private Path craft(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("crafted.safetensors");
        Files.write(p, b.array());
        return p;
    }

    private void refused(String header, int dataBytes, String... fragments) throws IOException {
        Path p = craft(header, dataBytes);
        IOException e = assertThrows(IOException.class, () -> Safetensors.load(p), header);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void corruptedHeadersAreRefusedWithTheTensorAndWhatWasExpected() throws IOException {
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}", 16, "JSON");
        refused("[1,2]", 0, "JSON object");
        refused("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "'w'", "BF16", "F32");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", 16, "'w'", "24 bytes");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[-2],\"data_offsets\":[0,16]}}", 16, "'w'", "non-negative");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", 24, "'w'", "expected 0");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 24, "trailing");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 16, "expected 8");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 16, "duplicate");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0]}}", 8, "'w'", "data_offsets");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"x\":1}}", 8, "'w'", "unexpected field");
        refused("{\"w\":5}", 0, "'w'");
        refused("{\"__metadata__\":{\"a\":1}}", 0, "__metadata__");
        refused("[".repeat(10_000), 0, "deeper");
        refused("{\"w\":{\"dtype\":\"F64\",\"shape\":[65536,65536],\"data_offsets\":[0,8]}}", 8, "'w'");
        // header length beyond the file, negative, absurd
        for (long len : new long[] {-1, 0, 1, 1L << 40, Long.MAX_VALUE}) {
            Path p = dir.resolve("len.safetensors");
            Files.write(p, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(len).putLong(0).array());
            IOException e = assertThrows(IOException.class, () -> Safetensors.load(p));
            assertTrue(e.getMessage().contains("header length"), e.getMessage());
        }
        assertThrows(IOException.class, () -> Safetensors.load(dir.resolve("missing.safetensors")));
    }

    @Test
    void randomByteCorruptionNeverEscapesAsAnythingButIoException() throws IOException {
        Path p = dir.resolve("ok.safetensors");
        Safetensors.save(p, Map.of("w", t64(new double[] {1, 2, 3, 4}, 2, 2), "b", t64(new double[] {5, 6}, 2)),
                Map.of("k", "v"));
        byte[] good = Files.readAllBytes(p);
        Random r = new Random(7);
        Path q = dir.resolve("bad.safetensors");
        for (int trial = 0; trial < 1000; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bad[r.nextInt(Math.min(bad.length, 8 + 200))] = (byte) r.nextInt(256);
            }
            Files.write(q, bad);
            try {
                Safetensors.load(q);
            } catch (IOException expected) {
                assertTrue(expected.getMessage().contains(q.toString()));
            } catch (RuntimeException e) {
                fail("trial " + trial + ": " + e, e);
            }
        }
    }

    @Test
    void nullsAndBadNamesAreClearErrors() {
        Path p = dir.resolve("n.safetensors");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(null, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(p, (Map<String, Tensor>) null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(p, (Module) null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(p, (SGD) null));
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(p, withNull));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(p, Map.of("__metadata__", t64(new double[] {1}, 1))));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.load((Path) null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.load(p, (Device) null));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.load(p, (Module) null));
        assertThrows(IOException.class, () -> Safetensors.save(dir.resolve("no/such/dir/x.safetensors"), Map.of()));
        assertTrue(!Files.exists(p), "nothing written on a refused save");
    }

    static Sequential net(long seed) {
        return new Sequential(new Linear(3, 5, true, new org.grad4j.Generator(seed), DType.FLOAT64, dev()),
                new org.grad4j.nn.Tanh(), new Linear(5, 2, true, new org.grad4j.Generator(seed + 1), DType.FLOAT64, dev()));
    }

    @Test
    void moduleLoadRefusesWrongNamesShapesDtypesAndLeavesTheModuleUnchanged() throws IOException {
        Sequential src = net(1);
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(good, src);

        Sequential dst = net(2);
        List<double[]> before = snapshot(dst);

        // wrong name
        Map<String, Tensor> renamed = new LinkedHashMap<>(src.stateDict());
        renamed.put("2.weights", renamed.remove("2.weight"));
        Path p1 = dir.resolve("renamed.safetensors");
        Safetensors.save(p1, renamed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.load(p1, dst));
        assertTrue(e.getMessage().contains(p1.toString()) && e.getMessage().contains("\"2.weight\"")
                && e.getMessage().contains("\"2.weights\""), e.getMessage());
        assertUnchanged(before, dst);

        // wrong shape (other tensors fine: nothing may be half-loaded)
        Map<String, Tensor> reshaped = new LinkedHashMap<>(src.stateDict());
        reshaped.put("2.bias", t64(new double[] {1, 2, 3}, 3));
        Path p2 = dir.resolve("reshaped.safetensors");
        Safetensors.save(p2, reshaped);
        e = assertThrows(IllegalArgumentException.class, () -> Safetensors.load(p2, dst));
        assertTrue(e.getMessage().contains("2.bias") && e.getMessage().contains("[3]") && e.getMessage().contains("[2]"),
                e.getMessage());
        assertUnchanged(before, dst);

        // corrupted file
        byte[] bytes = Files.readAllBytes(good);
        Path p4 = dir.resolve("trunc.safetensors");
        Files.write(p4, Arrays.copyOf(bytes, bytes.length - 1));
        assertThrows(IOException.class, () -> Safetensors.load(p4, dst));
        assertUnchanged(before, dst);

        Safetensors.load(good, dst);
        List<double[]> want = snapshot(src);
        assertUnchanged(want, dst);

        // another dtype is cast to the model's, as PyTorch's load_state_dict (copy_) casts
        Map<String, Tensor> f32 = new LinkedHashMap<>(src.stateDict());
        f32.put("0.bias", f32.get("0.bias").to(DType.FLOAT32));
        Path p3 = dir.resolve("f32.safetensors");
        Safetensors.save(p3, f32);
        Safetensors.load(p3, dst);
        assertEquals(DType.FLOAT64, dst.stateDict().get("0.bias").dtype());
        assertArrayEquals(f32.get("0.bias").toDoubleArray(), dst.stateDict().get("0.bias").toDoubleArray());
    }

    private static void trainSteps(Module m, SGD opt, int steps) {
        MSELoss loss = new MSELoss();
        for (int s = 0; s < steps; s++) {
            Tensor x = t64(new double[] {s * 0.1, -1.0, 0.5 * s, 0.3, 1.0 - s, 2.0}, 2, 3);
            Tensor y = t64(new double[] {1.0, -1.0, 0.5, s * 0.25}, 2, 2);
            opt.zeroGrad();
            loss.forward(m.forward(x), y).backward();
            opt.step();
        }
    }

    private static SGD sgd(Module m) {
        return SGD.builder(m.parameters(), 0.05).momentum(0.9).dampening(0.1).weightDecay(1e-3).build();
    }

    @Test
    void resumingFromACheckpointLosesNothing() throws IOException {
        Sequential a = net(3);
        SGD optA = sgd(a);
        trainSteps(a, optA, 4);
        Path model = dir.resolve("model.safetensors");
        Path state = dir.resolve("sgd.safetensors");
        Safetensors.save(model, a);
        Safetensors.save(state, optA);
        assertEquals("grad4j-sgd", Safetensors.metadata(state).get(Safetensors.FORMAT_KEY));
        trainSteps(a, optA, 6);

        Sequential b = net(99);
        SGD optB = sgd(b);
        Safetensors.load(model, b);
        Safetensors.load(state, optB);
        trainSteps(b, optB, 6);
        for (int i = 0; i < a.parameters().size(); i++) {
            assertSameBits(a.parameters().get(i).toDoubleArray(), b.parameters().get(i).toDoubleArray());
            assertSameBits(optA.momentumBuffer(i).toDoubleArray(), optB.momentumBuffer(i).toDoubleArray());
        }
    }

    @Test
    void optimizerLoadRefusesMismatchesAndChangesNothing() throws IOException {
        Sequential m = net(4);
        SGD opt = sgd(m);
        trainSteps(m, opt, 1);
        double[] buf0 = opt.momentumBuffer(0).toDoubleArray();
        Path bad = dir.resolve("badsgd.safetensors");
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("state.0.momentum_buffer", t64(new double[15], 5, 3));   // fine
        state.put("state.1.momentum_buffer", t64(new double[4], 4));       // wrong shape
        state.put("state.9.momentum_buffer", t64(new double[1], 1));       // no such parameter
        state.put("state.x.momentum_buffer", t64(new double[1], 1));       // not an index
        Safetensors.save(bad, state);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.load(bad, opt));
        String msg = e.getMessage();
        assertTrue(msg.contains(bad.toString()) && msg.contains("state.1.momentum_buffer") && msg.contains("[5]")
                && msg.contains("state.9") && msg.contains("state.x"), msg);
        assertSameBits(buf0, opt.momentumBuffer(0).toDoubleArray());

        Path empty = dir.resolve("emptysgd.safetensors");
        Safetensors.save(empty, sgd(net(5)));   // no step yet: no buffers
        Safetensors.load(empty, opt);
        assertNull(opt.momentumBuffer(0));
    }
}
