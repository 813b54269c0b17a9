package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.data.DataLoader;
import org.grad4j.data.Dataset;
import org.grad4j.data.Subset;
import org.grad4j.data.TensorDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** org.grad4j.data against PyTorch 1.13's torch.utils.data (golden: tools/golden/data_golden.py). */
public abstract class DataConformance extends DeviceConformance {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = DataConformance.class.getResourceAsStream("/golden/data.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    private static Tensor arangeOn(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return Tensor.of(v, n).to(dev());
    }

    private static List<List<Long>> epochs(DataLoader loader, int count) {
        List<List<Long>> out = new ArrayList<>();
        for (int e = 0; e < count; e++) {
            for (Tensor[] batch : loader) {
                List<Long> b = new ArrayList<>();
                for (long v : batch[0].toLongArray()) {
                    b.add(v);
                }
                assertEquals(DType.INT64, batch[0].dtype());
                assertEquals(dev(), batch[0].device());
                out.add(b);
            }
            out.add(null);   // epoch boundary
        }
        return out;
    }

    private static List<List<Long>> expected(JsonNode epochs) {
        List<List<Long>> out = new ArrayList<>();
        for (JsonNode epoch : epochs) {
            for (JsonNode batch : epoch) {
                List<Long> b = new ArrayList<>();
                batch.forEach(v -> b.add(v.asLong()));
                out.add(b);
            }
            out.add(null);
        }
        return out;
    }

    private static double[] doubles(JsonNode hex) {
        double[] v = new double[hex.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(hex.get(i).asText());
        }
        return v;
    }

    @Test
    void batchOrderIsPyTorchsForTheSameSeed() {
        int cases = 0;
        for (JsonNode c : golden.get("loader")) {
            int n = c.get("n").asInt();
            int bs = c.get("batch_size").asInt();
            boolean shuffle = c.get("shuffle").asBoolean();
            boolean dropLast = c.get("drop_last").asBoolean();
            long seed = c.get("seed").asLong();
            TensorDataset ds = new TensorDataset(arangeOn(n));

            Generator g = new Generator(seed);
            DataLoader loader = new DataLoader(ds, bs, shuffle, dropLast, g);
            assertEquals(c.get("len").asInt(), loader.len(), c.toString());
            assertEquals(expected(c.get("batches")), epochs(loader, 2), c.toString());
            double[] after = new double[2];
            g.uniform(after, 0, 1);
            assertArrayEquals(doubles(c.get("after")), after, "generator state after two epochs: " + c);

            Generator.manualSeedDefault(seed);
            loader = new DataLoader(ds, bs, shuffle, dropLast, null);
            assertEquals(expected(c.get("batches_default")), epochs(loader, 2), "default generator: " + c);
            Generator.defaultGenerator().uniform(after, 0, 1);
            assertArrayEquals(doubles(c.get("after_default")), after, "default generator state: " + c);
            cases++;
        }
        assertTrue(cases >= 20, "cases: " + cases);
    }

    @Test
    void randomSplitIsPyTorchs() {
        int cases = 0;
        for (JsonNode c : golden.get("split")) {
            int n = c.get("n").asInt();
            Dataset<Tensor[]> ds = new TensorDataset(arangeOn(n));
            JsonNode lengths = c.get("lengths");
            boolean fractions = lengths.get(0).isDouble();
            Generator g = new Generator(c.get("seed").asLong());
            List<Subset<Tensor[]>> parts;
            if (fractions) {
                double[] f = new double[lengths.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = lengths.get(i).asDouble();
                }
                parts = Dataset.randomSplit(ds, f, g);
            } else {
                int[] l = new int[lengths.size()];
                for (int i = 0; i < l.length; i++) {
                    l[i] = lengths.get(i).asInt();
                }
                parts = Dataset.randomSplit(ds, l, g);
            }
            assertEquals(c.get("indices").size(), parts.size());
            for (int k = 0; k < parts.size(); k++) {
                JsonNode want = c.get("indices").get(k);
                int[] w = new int[want.size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = want.get(i).asInt();
                }
                assertArrayEquals(w, parts.get(k).indices(), c.toString());
                if (w.length > 0) {   // a Subset's items and batches read through the indices
                    assertEquals(w[0], parts.get(k).get(0)[0].itemLong());
                    Tensor[] all = new DataLoader(parts.get(k), w.length).iterator().next();
                    long[] got = all[0].toLongArray();
                    for (int i = 0; i < w.length; i++) {
                        assertEquals(w[i], got[i]);
                    }
                }
            }
            cases++;
        }
        assertTrue(cases >= 15, "cases: " + cases);
    }

    @Test
    void collationKeepsDtypesAndShapes() {
        for (DType xdtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] xv = new double[24];
            for (int i = 0; i < 24; i++) {
                xv[i] = i;
            }
            Tensor x = Tensor.of(xv, xdtype, dev(), 6, 2, 2).div(7);
            long[] yv = new long[6];
            for (int i = 0; i < 6; i++) {
                yv[i] = i * 3L;
            }
            Tensor y = Tensor.of(yv, 6).to(dev());
            Tensor m = Tensor.of(new boolean[] {true, false, true, true, false, false}, 6).to(dev());
            String name = xdtype == DType.FLOAT32 ? "torch.float32" : "torch.float64";
            List<JsonNode> want = new ArrayList<>();
            golden.get("collate").forEach(c -> {
                if (c.get("xdtype").asText().equals(name)) {
                    want.add(c);
                }
            });
            int b = 0;
            for (Tensor[] batch : new DataLoader(new TensorDataset(x, y, m), 4)) {
                JsonNode c = want.get(b++);
                assertEquals(3, batch.length);
                for (int j = 0; j < 3; j++) {
                    JsonNode shape = c.get("shapes").get(j);
                    int[] s = new int[shape.size()];
                    for (int k = 0; k < s.length; k++) {
                        s[k] = shape.get(k).asInt();
                    }
                    assertArrayEquals(s, batch[j].shape());
                    assertEquals(c.get("dtypes").get(j).asText(), batch[j].dtype().torchName());
                    assertEquals(dev(), batch[j].device());
                }
                JsonNode xs = c.get("values").get(0);
                double[] got = batch[0].toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    double w = xdtype == DType.FLOAT64 ? Double.parseDouble(xs.get(i).asText())
                            : Float.intBitsToFloat(xs.get(i).asInt());
                    assertEquals(w, got[i], 0.0);
                }
                long[] labels = batch[1].toLongArray();
                long[] mask = batch[2].toLongArray();
                for (int i = 0; i < labels.length; i++) {
                    assertEquals(c.get("values").get(1).get(i).asLong(), labels[i]);
                    assertEquals(c.get("values").get(2).get(i).asBoolean() ? 1 : 0, mask[i]);
                }
            }
            assertEquals(want.size(), b);
        }
    }

    @Test
    void genericDatasetsAreStackedAndInPlaceUpdatesSeen() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, DType.FLOAT64, dev(), 3, 2);
        TensorDataset td = new TensorDataset(x);
        Dataset<Tensor[]> wrapped = new Dataset<>() {
            @Override public int size() {
                return td.size();
            }

            @Override public Tensor[] get(int i) {
                return td.get(i);
            }
        };
        Tensor[] batch = new DataLoader(wrapped, 2).iterator().next();
        assertArrayEquals(new int[] {2, 2}, batch[0].shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, batch[0].toDoubleArray(), 0.0);
        assertArrayEquals(new double[] {1, 2, 3, 4}, new DataLoader(td, 2).iterator().next()[0].toDoubleArray(), 0.0);
        x.mul_(Tensor.scalar(10.0).to(dev()));
        assertArrayEquals(new double[] {10, 20, 30, 40}, new DataLoader(td, 2).iterator().next()[0].toDoubleArray(), 0.0);
    }

    @Test
    void dropLastAndEmptyAndErrors() {
        TensorDataset ds = new TensorDataset(arangeOn(5));
        assertEquals(2, new DataLoader(ds, 2, false, true, null).len());
        assertEquals(3, new DataLoader(ds, 2).len());
        Iterator<Tensor[]> it = new DataLoader(ds, 5, false, true, null).iterator();
        assertEquals(5, it.next()[0].numel());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertFalse(new DataLoader(ds, 6, false, true, null).iterator().hasNext());

        TensorDataset empty = new TensorDataset(Tensor.of(new long[0], 0).to(dev()));
        assertEquals(0, new DataLoader(empty, 3).len());
        assertFalse(new DataLoader(empty, 3).iterator().hasNext());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(empty, 3, true));
        assertTrue(e.getMessage().contains("num_samples=0"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(ds, 0));
        assertTrue(e.getMessage().contains("batch_size=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(ds, -3, true));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(null, 3));

        e = assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new int[] {2, 2}, new Generator(0)));
        assertTrue(e.getMessage().contains("Sum of input lengths"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new int[] {6, -1}, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new double[] {0.5, 0.4}, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(ds, new double[] {1.5, -0.5}, new Generator(0)));

        assertThrows(IllegalArgumentException.class, () -> new TensorDataset());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(arangeOn(5), arangeOn(4)));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.scalar(1L).to(dev())));
        assertThrows(IndexOutOfBoundsException.class, () -> ds.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> new Subset<>(ds, new int[] {0, 5}));
    }
}
