package org.grad4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.grad4j.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both directions against PyTorch 1.13: see tools/golden/safetensors_golden.py. */
class SafetensorsGoldenTest {
    @TempDir
    Path dir;

    private static JsonNode json(String name) throws IOException {
        try (InputStream in = SafetensorsGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void filesWrittenByPyTorchLoadWithExactValues() throws IOException {
        JsonNode expected = json("torch_safetensors.json").get("files");
        int checked = 0;
        for (Iterator<String> files = expected.fieldNames(); files.hasNext(); ) {
            String file = files.next();
            Map<String, Tensor> loaded = Safetensors.load(SafetensorsGolden.resource(file, dir));
            JsonNode tensors = expected.get(file);
            List<String> names = new ArrayList<>();
            tensors.fieldNames().forEachRemaining(names::add);
            assertEquals(names, new ArrayList<>(loaded.keySet()), file);
            for (String name : names) {
                JsonNode e = tensors.get(name);
                Tensor t = loaded.get(name);
                DType dtype = switch (e.get("dtype").asText()) {
                    case "F64" -> DType.FLOAT64;
                    case "F32" -> DType.FLOAT32;
                    case "I64" -> DType.INT64;
                    case "BOOL" -> DType.BOOL;
                    case "I32" -> DType.INT32;
                    case "U8" -> DType.UINT8;
                    default -> throw new AssertionError(file + " " + name + ": dtype " + e.get("dtype"));
                };
                assertEquals(dtype, t.dtype(), name);
                int[] shape = new int[e.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = e.get("shape").get(i).asInt();
                }
                assertArrayEquals(shape, t.shape(), name);
                JsonNode bits = e.get("bits");
                assertEquals(bits.size(), t.numel(), name);
                if (!dtype.isFloatingPoint()) {
                    long[] v = t.toLongArray();   // the values themselves: int64 exactly, bool as 0/1
                    for (int i = 0; i < v.length; i++) {
                        assertEquals(bits.get(i).asText(), Long.toString(v[i]), file + " " + name + "[" + i + "]");
                    }
                } else if (dtype == DType.FLOAT64) {
                    double[] v = t.toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        assertEquals(Long.toUnsignedString(Double.doubleToRawLongBits(v[i])), bits.get(i).asText(),
                                file + " " + name + "[" + i + "]");
                    }
                } else {
                    float[] v = t.toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        assertEquals(Integer.toUnsignedLong(Float.floatToRawIntBits(v[i])), bits.get(i).asLong(),
                                file + " " + name + "[" + i + "]");
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 20, "checked " + checked);
    }

    /**
     * grad4j writes int64 and bool tensors as PyTorch does: re-saving the tensors of PyTorch's file gives
     * the same data bytes (and the same dtype codes), and they load back exactly.
     */
    @Test
    void int64AndBoolRoundTripWithPyTorchsBytes() throws IOException {
        roundTrip("torch_int_tensors.safetensors", "\"I64\"", "\"BOOL\"");
    }

    /** int32 (I32) and uint8 (U8) likewise. */
    @Test
    void int32AndUint8RoundTripWithPyTorchsBytes() throws IOException {
        roundTrip("torch_narrow_int_tensors.safetensors", "\"I32\"", "\"U8\"");
    }

    private void roundTrip(String file, String code1, String code2) throws IOException {
        Path torchFile = SafetensorsGolden.resource(file, dir);
        Map<String, Tensor> loaded = Safetensors.load(torchFile);
        Path mine = dir.resolve("mine.safetensors");
        Safetensors.save(mine, loaded);
        Map<String, Tensor> again = Safetensors.load(mine);
        assertEquals(new ArrayList<>(loaded.keySet()), new ArrayList<>(again.keySet()));
        for (Map.Entry<String, Tensor> e : loaded.entrySet()) {
            Tensor t = again.get(e.getKey());
            assertEquals(e.getValue().dtype(), t.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape(), e.getKey());
            assertArrayEquals(e.getValue().toLongArray(), t.toLongArray(), e.getKey());
        }
        byte[] a = Files.readAllBytes(torchFile);
        byte[] b = Files.readAllBytes(mine);
        long dataA = a.length - 8 - java.nio.ByteBuffer.wrap(a, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        long dataB = b.length - 8 - java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(dataA, dataB, "data section length");
        assertArrayEquals(java.util.Arrays.copyOfRange(a, (int) (a.length - dataA), a.length),
                java.util.Arrays.copyOfRange(b, (int) (b.length - dataB), b.length), "data bytes");
        String header = new String(b, 8, (int) (b.length - 8 - dataB), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains(code1) && header.contains(code2), header);
    }

    @Test
    void aPyTorchStateDictLoadsIntoTheSameGrad4jModel() throws IOException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            String file = dtype == DType.FLOAT32 ? "torch_model_f32.safetensors" : "torch_model_f64.safetensors";
            Path p = SafetensorsGolden.resource(file, dir);
            Sequential m = SafetensorsGolden.model(dtype, 5);
            Safetensors.load(p, m);
            Map<String, Tensor> raw = Safetensors.load(p);
            m.stateDict().forEach((name, t) -> assertArrayEquals(raw.get(name).toDoubleArray(), t.toDoubleArray(), 0.0, name));
        }
    }

    @Test
    void aPyTorchCnnWithBatchNormLoadsAndComputesPyTorchsOutput() throws IOException {
        // Conv2d(1, 4, 3, padding=1), BatchNorm2d(4) after two training batches (int64 num_batches_tracked),
        // ReLU, MaxPool2d(2), Flatten, Linear(36, 3): the same architecture, other initial values
        org.grad4j.Generator g = new org.grad4j.Generator(99);
        Sequential net = new Sequential(
                new org.grad4j.nn.Conv2d(1, 4, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, true, g,
                        DType.FLOAT32, org.grad4j.Device.CPU),
                new org.grad4j.nn.BatchNorm2d(4, 1e-5, 0.1, true, true, DType.FLOAT32, org.grad4j.Device.CPU),
                new org.grad4j.nn.ReLU(), new org.grad4j.nn.MaxPool2d(2), new org.grad4j.nn.Flatten(),
                new org.grad4j.nn.Linear(36, 3, true, g, DType.FLOAT32, org.grad4j.Device.CPU));
        Safetensors.load(SafetensorsGolden.resource("torch_cnn_bn.safetensors", dir), net);
        assertEquals(2, ((org.grad4j.nn.BatchNorm2d) net.children().get(1)).numBatchesTracked());
        net.eval();
        Map<String, Tensor> io = Safetensors.load(SafetensorsGolden.resource("torch_cnn_bn_io.safetensors", dir));
        double[] want = io.get("output").toDoubleArray();
        double[] got = net.forward(io.get("input")).toDoubleArray();
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            // PyTorch's convolution and batch norm sum in another order: float32 rounding, not bits
            assertEquals(want[i], got[i], 1e-5 * Math.max(1, Math.abs(want[i])), "output " + i);
        }
    }

    @Test
    void javaWrittenReferenceFilesAreReproducedAndWereVerifiedInPyTorch() throws Exception {
        SafetensorsGolden.write(dir);
        JsonNode verified = json("java_safetensors_verified.json");
        assertTrue(verified.get("all_ok").asBoolean(), verified.toString());
        for (String file : SafetensorsGolden.JAVA_FILES) {
            Path committed = SafetensorsGolden.resource(file, Files.createTempDirectory(dir, "c"));
            byte[] now = Files.readAllBytes(dir.resolve(file));
            assertArrayEquals(Files.readAllBytes(committed), now, file + " differs from what Java writes today: "
                    + "rerun SafetensorsGolden and tools/golden/safetensors_golden.py verify");
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(now));
            assertEquals(sha, verified.get("files").get(file).get("sha256").asText(), file);
            assertEquals("ok", verified.get("files").get(file).get("status").asText(), file);
        }
        // torch's forward of the Java-written model on [1, 2, 3] agrees with grad4j's
        Sequential m = SafetensorsGolden.model(DType.FLOAT64, 9);
        Safetensors.load(dir.resolve(SafetensorsGolden.JAVA_FILES[0]), m);
        double[] y = m.forward(Tensor.of(new double[] {1, 2, 3}, DType.FLOAT64, org.grad4j.Device.CPU, 1, 3)).toDoubleArray();
        JsonNode torchY = verified.get("forward_f64_of_1_2_3");
        for (int i = 0; i < y.length; i++) {
            assertEquals(torchY.get(i).asDouble(), y[i], 1e-12 * Math.abs(y[i]), "output " + i);
        }
    }
}
