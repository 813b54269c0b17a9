package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.autograd.GradMode;
import org.grad4j.nn.Embedding;
import org.grad4j.nn.GRU;
import org.grad4j.nn.LSTM;
import org.grad4j.nn.LayerNorm;
import org.grad4j.nn.Module;
import org.grad4j.nn.PackedSequence;
import org.grad4j.nn.RNN;
import org.grad4j.nn.RNNBase;
import org.grad4j.nn.RnnUtils;
import org.grad4j.nn.Transformer;
import org.grad4j.nn.TransformerDecoder;
import org.grad4j.nn.TransformerDecoderLayer;
import org.grad4j.nn.TransformerEncoder;
import org.grad4j.nn.TransformerEncoderLayer;
import org.grad4j.nn.Utils;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Sequence models against PyTorch 1.13 ({@code golden/seq.json.gz}, made by {@code tools/golden/seq_golden.py}):
 * <ul>
 *   <li>TransformerDecoderLayer, TransformerDecoder and Transformer (activations, norm first, batch first, dropout in
 *       training, eval, bool/float/3-D attention masks, key padding masks, final norms, unbatched input, custom
 *       encoder or decoder): initial parameters for the same seed (bit-equal, Transformer's xavier reset included),
 *       reprs, state-dict keys, outputs and every gradient; {@code generate_square_subsequent_mask}; the shape errors;</li>
 *   <li>{@code pack_padded_sequence} (sorted or not, batch first, extra feature dimensions), {@code pad_packed_sequence}
 *       (batch first, padding value, total length), {@code pad_sequence}, {@code pack_sequence},
 *       {@code unpad_sequence}, {@code unpack_sequence}: bit-equal data,
 *       batch sizes, permutations, lengths and gradients, and PyTorch's errors;</li>
 *   <li>RNN (tanh, relu), LSTM (with projections) and GRU on packed input, with every layer option and given or zero
 *       initial states in a permuted batch: packed output, final states and every gradient;</li>
 *   <li>{@code parameters_to_vector}, {@code vector_to_parameters} and {@code Embedding.from_pretrained}.</li>
 * </ul>
 * grad_fn names are PyTorch's, but for the packed data: PyTorch's {@code PackPaddedSequenceBackward0} is grad4j's
 * {@code CatBackward0} (the packing is composed of views and a cat; the gradient is the same).
 */
public abstract class SeqConformance extends DeviceConformance {
    /**
     * The Transformer's float64 tolerance: LayerNorm is composed, and three-layer decoders add up its rounding (two
     * gradients reach 1.05e-14 and 1.1e-14 relative since softmax took PyTorch's own bits).
     */
    static final double TRANSFORMER_RTOL_F64 = 4e-14;
    /**
     * The Transformer's float32 tolerance: deeper than the encoder alone, two eval cases with key padding masks need
     * 2.4e-6 on the CPU (float32 sums in another order than PyTorch's; float64 agrees to 1e-14).
     */
    static final double TRANSFORMER_RTOL_F32 = 4e-6;
    /** The packed recurrent layers' float64 tolerance (as {@link RecurrentConformance#RTOL_F64}). */
    static final double RNN_RTOL_F64 = 2e-15;
    /** The packed recurrent layers' float32 tolerance. */
    static final double RNN_RTOL_F32 = 1e-6;

    private static JsonNode golden() {
        return Golden.load("seq.json.gz");
    }

    private static double rtol(DType dtype, double f64, double f32) {
        return dtype == DType.FLOAT64 ? f64 : f32;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(k -> out.add(k.asText()));
        return out;
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    /** The module's repr, state-dict keys and initial parameters (bit-equal) against the golden case. */
    private static Map<String, Tensor> checkModule(String name, JsonNode c, Module m) {
        assertEquals(c.get("repr").asText(), m.toString(), name + ": repr");
        assertEquals(strings(c.get("state_dict_keys")), new ArrayList<>(m.stateDict().keySet()), name + ": state-dict keys");
        Map<String, Tensor> params = m.namedParameters();
        List<String> names = new ArrayList<>();
        c.get("params").fieldNames().forEachRemaining(names::add);
        assertEquals(names, new ArrayList<>(params.keySet()), name + ": parameter names");
        for (String p : names) {
            assertClose(name + ": initial " + p, Golden.numbers(c.get("params").get(p)), params.get(p).toDoubleArray(), 0, true);
        }
        return params;
    }

    private Map<String, Tensor> masks(JsonNode node) {
        Map<String, Tensor> masks = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            Tensor t = Golden.tensor(e.getValue().get("value"), DType.FLOAT64, device());
            masks.put(e.getKey(), "bool".equals(e.getValue().get("dtype").asText()) ? t.to(DType.BOOL)
                    : t.to(Golden.dtype(e.getValue().get("dtype"))));
        });
        return masks;
    }

    private Map<String, Tensor> leaves(JsonNode inputs, DType dtype) {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        inputs.fields().forEachRemaining(e -> leaves.put(e.getKey(),
                Golden.tensor(e.getValue(), dtype, device()).requiresGrad_(true)));
        return leaves;
    }

    private void checkGrads(String name, JsonNode grads, Map<String, Tensor> leaves, Map<String, Tensor> params,
                            double rtol) {
        grads.fields().forEachRemaining(e -> {
            String k = e.getKey();
            Tensor g = k.startsWith("param.") ? params.get(k.substring(6)).grad() : leaves.get(k).grad();
            assertClose(name + ": gradient of " + k, Golden.numbers(e.getValue()), g.toDoubleArray(), rtol, false);
        });
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transformer decoder and Transformer

    @TestFactory
    Stream<DynamicTest> transformerIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("transformer")) {
            String name = c.get("config").get("kind").asText() + " " + c.get("dtype").asText() + " seed "
                    + c.get("seed").asInt() + " " + c.get("config") + " " + c.get("call");
            tests.add(DynamicTest.dynamicTest(name, () -> checkTransformer(name, c)));
        }
        return tests.stream();
    }

    private Module makeTransformer(JsonNode cfg, DType dtype, Generator g) {
        int d = cfg.get("d_model").asInt();
        int nhead = cfg.get("nhead").asInt();
        int ff = cfg.get("dim_feedforward").asInt();
        double p = cfg.get("dropout").asDouble();
        String act = cfg.get("activation").asText();
        double eps = cfg.get("layer_norm_eps").asDouble();
        boolean bf = cfg.get("batch_first").asBoolean();
        boolean nf = cfg.get("norm_first").asBoolean();
        return switch (cfg.get("kind").asText()) {
            case "transformer" -> {
                TransformerEncoder encoder = null;
                TransformerDecoder decoder = null;
                if (cfg.has("custom_encoder")) {   // built first from the same generator, as PyTorch's global one
                    JsonNode ce = cfg.get("custom_encoder");
                    encoder = new TransformerEncoder(new TransformerEncoderLayer(d, nhead, ff, p, act, eps, bf, nf, g,
                            dtype, device()), ce.get("layers").asInt(), ce.get("norm").asBoolean()
                            ? new LayerNorm(new int[] {d}, 1e-5, true, dtype, device()) : null);
                }
                if (cfg.has("custom_decoder")) {
                    JsonNode cd = cfg.get("custom_decoder");
                    decoder = new TransformerDecoder(new TransformerDecoderLayer(d, nhead, ff, p, act, eps, bf, nf, g,
                            dtype, device()), cd.get("layers").asInt(), cd.get("norm").asBoolean()
                            ? new LayerNorm(new int[] {d}, 1e-5, true, dtype, device()) : null);
                }
                yield new Transformer(d, nhead, cfg.get("num_encoder_layers").asInt(), cfg.get("num_decoder_layers").asInt(),
                        ff, p, act, encoder, decoder, eps, bf, nf, g, dtype, device());
            }
            case "decoder" -> new TransformerDecoder(new TransformerDecoderLayer(d, nhead, ff, p, act, eps, bf, nf, g,
                    dtype, device()), cfg.get("layers").asInt(), cfg.get("norm").asBoolean()
                    ? new LayerNorm(new int[] {d}, 1e-5, true, dtype, device()) : null);
            default -> new TransformerDecoderLayer(d, nhead, ff, p, act, eps, bf, nf, g, dtype, device());
        };
    }

    private void checkTransformer(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        JsonNode call = c.get("call");
        Module m = makeTransformer(c.get("config"), dtype, new Generator(c.get("seed").asLong()));
        Map<String, Tensor> params = checkModule(name, c, m);
        if (call.has("training") && !call.get("training").asBoolean()) {
            m.eval();
        }
        Map<String, Tensor> in = leaves(c.get("inputs"), dtype);
        Map<String, Tensor> mk = masks(c.get("masks"));
        Generator.manualSeedDefault(c.get("seed").asLong() + 7);
        Tensor y;
        if (m instanceof Transformer t) {
            y = t.forward(in.get("src"), in.get("tgt"), mk.get("src_mask"), mk.get("tgt_mask"), mk.get("memory_mask"),
                    mk.get("src_key_padding_mask"), mk.get("tgt_key_padding_mask"), mk.get("memory_key_padding_mask"));
        } else if (m instanceof TransformerDecoder dec) {
            y = dec.forward(in.get("tgt"), in.get("memory"), mk.get("tgt_mask"), mk.get("memory_mask"),
                    mk.get("tgt_key_padding_mask"), mk.get("memory_key_padding_mask"));
        } else {
            y = ((TransformerDecoderLayer) m).forward(in.get("tgt"), in.get("memory"), mk.get("tgt_mask"),
                    mk.get("memory_mask"), mk.get("tgt_key_padding_mask"), mk.get("memory_key_padding_mask"));
        }
        double rtol = rtol(dtype, TRANSFORMER_RTOL_F64, TRANSFORMER_RTOL_F32);
        JsonNode r = c.get("y");
        assertArrayEquals(Golden.ints(r.get("value").get("shape")), y.shape(), name + ": shape");
        assertClose(name + ": output", Golden.numbers(r.get("value").get("data")), y.toDoubleArray(), rtol, false);
        assertEquals(r.get("grad_fn").asText(), y.gradFn().name(), name + ": grad_fn");
        y.mul(Tensor.of(Golden.numbers(r.get("c")), dtype, device(), y.shape())).sum().backward();
        checkGrads(name, c.get("grads"), in, params, rtol);
    }

    @Test
    void transformerErrorsArePyTorchs() {
        backend();
        for (JsonNode e : golden().get("transformer_errors")) {
            boolean bf = e.get("batch_first").asBoolean();
            Transformer t = new Transformer(4, 2, 1, 1, 6, 0.0, "relu", null, null, 1e-5, bf, false, new Generator(0),
                    DType.FLOAT32, device());
            Tensor src = Tensor.full(Golden.ints(e.get("src")), 0.0, DType.FLOAT32, device());
            Tensor tgt = Tensor.full(Golden.ints(e.get("tgt")), 0.0, DType.FLOAT32, device());
            String what = "Transformer " + e;
            if (e.get("error").isNull()) {
                assertArrayEquals(tgt.shape(), t.forward(src, tgt).shape(), what);
                continue;
            }
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> t.forward(src, tgt), what);
            String expected = "Transformer: " + e.get("error").get("message").asText();
            assertTrue(ex.getMessage().startsWith(expected), what + ": expected <" + expected + ">, got <"
                    + ex.getMessage() + ">");
        }
        for (JsonNode e : golden().get("square_masks")) {
            Tensor m = Transformer.generateSquareSubsequentMask(e.get("sz").asInt());
            assertEquals(DType.FLOAT32, m.dtype());
            assertArrayEquals(Golden.ints(e.get("value").get("shape")), m.shape());
            assertClose("mask " + e.get("sz"), Golden.numbers(e.get("value").get("data")), m.toDoubleArray(), 0, true);
        }
        assertEquals(device(), Transformer.generateSquareSubsequentMask(2, device()).device());
        assertThrows(IllegalArgumentException.class, () -> Transformer.generateSquareSubsequentMask(-1));
    }

    @Test
    void decoderLayersAreIndependentCopiesAndNeedMemory() {
        backend();
        TransformerDecoderLayer layer = new TransformerDecoderLayer(4, 2, 6, 0.0, "gelu", 1e-5, false, false,
                new Generator(1), DType.FLOAT64, device());
        TransformerDecoder dec = new TransformerDecoder(layer, 2, null);
        Tensor w0 = dec.getParameter("layers.0.multihead_attn.in_proj_weight");
        Tensor w1 = dec.getParameter("layers.1.multihead_attn.in_proj_weight");
        Tensor original = layer.getParameter("multihead_attn.in_proj_weight");
        assertClose("copy", original.toDoubleArray(), w0.toDoubleArray(), 0, true);
        assertTrue(w0 != w1 && w0 != original);
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            w0.mul_(Tensor.full(new int[0], 2.0, DType.FLOAT64, device()));
        }
        assertClose("independent", original.toDoubleArray(), w1.toDoubleArray(), 0, true);
        Tensor x = Tensor.full(new int[] {3, 1, 4}, 0.5, DType.FLOAT64, device());
        assertThrows(IllegalArgumentException.class, () -> layer.forward(x));
        assertThrows(IllegalArgumentException.class, () -> dec.forward(x));
        assertThrows(IllegalArgumentException.class, () -> layer.forward(x, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TransformerDecoderLayer(4, 2,
                6, 0.0, "tanh", 1e-5, false, false, new Generator(1), DType.FLOAT64, device()));
        assertTrue(e.getMessage().contains("activation should be relu/gelu, not tanh"), e.getMessage());
        Transformer t = new Transformer(4, 2, 1, 1, 6, 0.0, "relu", null, null, 1e-5, false, false, new Generator(2),
                DType.FLOAT64, device());
        assertThrows(IllegalArgumentException.class, () -> t.forward(x));
        assertArrayEquals(new int[] {3, 1, 4}, t.forward(x, x).shape());
    }

    @Test
    void transformerGradcheckFloat64() {
        backend();
        DType f64 = DType.FLOAT64;
        Transformer t = new Transformer(4, 2, 1, 1, 3, 0.0, "gelu", null, null, 1e-5, true, true, new Generator(4), f64,
                device());
        Tensor src = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.2, 0.5}, f64, device(), 1, 2, 4)
                .requiresGrad_(true);
        Tensor tgt = Tensor.of(new double[] {0.1, 0.6, -0.3, 0.8, -0.5, 0.2, 0.4, -0.9, 1.3, -0.2, 0.05, 0.7}, f64,
                device(), 1, 3, 4).requiresGrad_(true);
        Tensor mask = Transformer.generateSquareSubsequentMask(3, device()).to(f64);
        List<Tensor> inputs = new ArrayList<>(List.of(src, tgt));
        inputs.add(t.getParameter("decoder.layers.0.multihead_attn.in_proj_weight"));
        inputs.add(t.getParameter("encoder.layers.0.linear1.weight"));
        inputs.add(t.getParameter("decoder.norm.weight"));
        assertTrue(GradCheck.gradcheck(in -> {
            Tensor y = t.forward(in[0], in[1], null, mask, null, null, null, null);
            return y.mul(y).sum();
        }, inputs.toArray(new Tensor[0])));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // torch.nn.utils.rnn

    @TestFactory
    Stream<DynamicTest> packingIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("pack")) {
            String name = "pack " + c.get("dtype").asText() + " " + c.get("shape") + " lengths " + c.get("lengths")
                    + " batch_first " + c.get("batch_first") + " enforce_sorted " + c.get("enforce_sorted") + " pad "
                    + c.get("pad");
            tests.add(DynamicTest.dynamicTest(name, () -> checkPack(name, c)));
        }
        return tests.stream();
    }

    private void checkPack(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        Tensor x = Golden.tensor(c.get("x"), dtype, device()).requiresGrad_(true);
        long[] lengths = longs(c.get("lengths"));
        PackedSequence p = RnnUtils.packPaddedSequence(x, Tensor.of(lengths, lengths.length),
                c.get("batch_first").asBoolean(), c.get("enforce_sorted").asBoolean());
        assertArrayEquals(Golden.ints(c.get("data").get("shape")), p.data().shape(), name + ": data shape");
        assertClose(name + ": data", Golden.numbers(c.get("data").get("data")), p.data().toDoubleArray(), 0, true);
        assertEquals(DType.INT64, p.batchSizes().dtype());
        assertEquals(Device.CPU, p.batchSizes().device());
        assertArrayEquals(longs(c.get("batch_sizes")), p.batchSizes().toLongArray(), name + ": batch_sizes");
        checkIndices(name, c, p);
        JsonNode pad = c.get("pad");
        boolean bf = pad.has("batch_first") && pad.get("batch_first").asBoolean();
        double value = pad.has("padding_value") ? pad.get("padding_value").asDouble() : 0.0;
        RnnUtils.Padded y = pad.has("total_length")
                ? RnnUtils.padPackedSequence(p, bf, value, pad.get("total_length").asInt())
                : RnnUtils.padPackedSequence(p, bf, value);
        assertArrayEquals(Golden.ints(c.get("padded").get("shape")), y.output().shape(), name + ": padded shape");
        assertClose(name + ": padded", Golden.numbers(c.get("padded").get("data")), y.output().toDoubleArray(), 0, true);
        assertEquals(c.get("padded_grad_fn").asText(), y.output().gradFn().name(), name + ": padded grad_fn");
        assertEquals(DType.INT64, y.lengths().dtype());
        assertArrayEquals(longs(c.get("padded_lengths")), y.lengths().toLongArray(), name + ": lengths");
        Tensor c1 = Tensor.of(Golden.numbers(c.get("c_data")), dtype, device(), p.data().shape());
        Tensor c2 = Tensor.of(Golden.numbers(c.get("c_padded")), dtype, device(), y.output().shape());
        p.data().mul(c1).sum().add(y.output().mul(c2).sum()).backward();
        assertClose(name + ": gradient", Golden.numbers(c.get("grad")), x.grad().toDoubleArray(), 0, true);
    }

    private static void checkIndices(String name, JsonNode c, PackedSequence p) {
        if (c.get("sorted_indices").isNull()) {
            assertNull(p.sortedIndices(), name + ": sorted_indices");
            assertNull(p.unsortedIndices(), name + ": unsorted_indices");
        } else {
            assertArrayEquals(longs(c.get("sorted_indices")), p.sortedIndices().toLongArray(), name + ": sorted_indices");
            assertArrayEquals(longs(c.get("unsorted_indices")), p.unsortedIndices().toLongArray(),
                    name + ": unsorted_indices");
        }
    }

    @TestFactory
    Stream<DynamicTest> padSequenceIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("pad_sequence")) {
            String name = "pad_sequence " + c.get("dtype").asText() + " " + c.get("shapes") + " batch_first "
                    + c.get("batch_first") + " padding " + c.get("padding_value");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                DType dtype = Golden.dtype(c.get("dtype"));
                List<Tensor> seqs = new ArrayList<>();
                c.get("sequences").forEach(s -> seqs.add(Golden.tensor(s, dtype, device()).requiresGrad_(true)));
                Tensor y = RnnUtils.padSequence(seqs, c.get("batch_first").asBoolean(), c.get("padding_value").asDouble());
                assertArrayEquals(Golden.ints(c.get("value").get("shape")), y.shape(), name + ": shape");
                assertClose(name, Golden.numbers(c.get("value").get("data")), y.toDoubleArray(), 0, true);
                assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), name + ": grad_fn");
                y.mul(Tensor.of(Golden.numbers(c.get("c")), dtype, device(), y.shape())).sum().backward();
                for (int i = 0; i < seqs.size(); i++) {
                    assertClose(name + ": gradient " + i, Golden.numbers(c.get("grads").get(i)),
                            seqs.get(i).grad().toDoubleArray(), 0, true);
                }
                JsonNode packed = c.get("packed");
                if (!packed.isNull()) {
                    List<Tensor> detached = new ArrayList<>();
                    seqs.forEach(s -> detached.add(s.detach()));
                    PackedSequence p = RnnUtils.packSequence(detached, false);
                    assertClose(name + ": packed", Golden.numbers(packed.get("data").get("data")), p.data().toDoubleArray(),
                            0, true);
                    assertArrayEquals(longs(packed.get("batch_sizes")), p.batchSizes().toLongArray(), name);
                    checkIndices(name, packed, p);
                }
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> unpaddingIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("unpad")) {
            String name = "unpad_sequence " + c.get("dtype").asText() + " " + c.get("shape") + " lengths "
                    + c.get("lengths") + " batch_first " + c.get("batch_first");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                DType dtype = Golden.dtype(c.get("dtype"));
                Tensor x = Golden.tensor(c.get("x"), dtype, device()).requiresGrad_(true);
                long[] lengths = longs(c.get("lengths"));
                List<Tensor> outs = RnnUtils.unpadSequence(x, lengths, c.get("batch_first").asBoolean());
                assertArrayEquals(Golden.ints(c.get("shape")), x.shape(), name + ": the input keeps its shape");
                checkSequences(name, outs, c.get("outputs"), c.get("grad_fns"), c.get("c"), dtype);
                assertClose(name + ": gradient", Golden.numbers(c.get("grad")), x.grad().toDoubleArray(), 0, true);
                List<Tensor> seqs = new ArrayList<>();
                c.get("sequences").forEach(q -> seqs.add(Golden.tensor(q, dtype, device()).requiresGrad_(true)));
                List<Tensor> unpacked = RnnUtils.unpackSequence(RnnUtils.packSequence(seqs, false));
                checkSequences(name + " unpack", unpacked, c.get("unpacked"), c.get("unpacked_grad_fns"),
                        c.get("c_unpacked"), dtype);
                for (int i = 0; i < seqs.size(); i++) {
                    assertClose(name + ": unpack gradient " + i, Golden.numbers(c.get("sequence_grads").get(i)),
                            seqs.get(i).grad().toDoubleArray(), 0, true);
                }
            }));
        }
        return tests.stream();
    }

    /** Values and grad_fns of a list of sequences, then backward of {@code sum(out_i * c_i)}. */
    private void checkSequences(String name, List<Tensor> outs, JsonNode values, JsonNode gradFns, JsonNode cs,
                                DType dtype) {
        assertEquals(values.size(), outs.size(), name + ": number of sequences");
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            Tensor o = outs.get(i);
            assertArrayEquals(Golden.ints(values.get(i).get("shape")), o.shape(), name + ": shape " + i);
            assertClose(name + ": sequence " + i, Golden.numbers(values.get(i).get("data")), o.toDoubleArray(), 0, true);
            assertEquals(gradFns.get(i).asText(), o.gradFn().name(), name + ": grad_fn " + i);
            Tensor term = o.mul(Tensor.of(Golden.numbers(cs.get(i)), dtype, device(), o.shape())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
    }

    @Test
    void rnnUtilsErrorsArePyTorchs() {
        backend();
        for (JsonNode e : golden().get("rnn_utils_errors")) {
            JsonNode a = e.get("args");
            String op = e.get("op").asText();
            Runnable call = switch (op) {
                case "pack" -> () -> {
                    JsonNode l = a.get("lengths");
                    Tensor lengths = l.size() > 0 && l.get(0).isArray()
                            ? Tensor.of(longs(l.get(0)), 1, l.get(0).size()) : Tensor.of(longs(l), l.size());
                    RnnUtils.packPaddedSequence(zeros(a.get("shape")), lengths, a.get("batch_first").asBoolean(),
                            a.get("enforce_sorted").asBoolean());
                };
                case "pad_packed" -> () -> RnnUtils.padPackedSequence(RnnUtils.packPaddedSequence(zeros(a.get("shape")),
                        longs(a.get("lengths"))), false, 0.0, a.get("total_length").asInt());
                case "pad_sequence" -> () -> RnnUtils.padSequence(sequences(a.get("shapes")));
                default -> () -> RnnUtils.packSequence(sequences(a.get("shapes")), a.get("enforce_sorted").asBoolean());
            };
            String what = op + " " + a;
            if (e.get("error").isNull()) {
                call.run();
                continue;
            }
            Class<? extends RuntimeException> kind = "IndexError".equals(e.get("error").get("type").asText())
                    ? IndexOutOfBoundsException.class : IllegalArgumentException.class;
            RuntimeException ex = assertThrows(kind, call::run, what);
            String expected = e.get("error").get("message").asText();
            assertTrue(ex.getMessage().contains(": " + expected), what + ": expected <" + expected + ">, got <"
                    + ex.getMessage() + ">");
        }
        // grad4j refuses what PyTorch packs into a malformed PackedSequence: a length beyond the input
        assertThrows(IllegalArgumentException.class, () -> RnnUtils.packPaddedSequence(zeros(4, 3, 2), new long[] {6, 4, 1}));
        assertThrows(IllegalArgumentException.class, () -> RnnUtils.packPaddedSequence(zeros(4), new long[] {4}));
        assertThrows(IllegalArgumentException.class, () -> new PackedSequence(zeros(3, 2), Tensor.of(new double[] {2, 1},
                DType.FLOAT32, Device.CPU, 2)));
        assertThrows(IllegalArgumentException.class, () -> RnnUtils.padPackedSequence(new PackedSequence(zeros(4, 2),
                Tensor.of(new long[] {2, 1}, 2))));
    }

    private Tensor zeros(JsonNode shape) {
        return zeros(Golden.ints(shape));
    }

    private Tensor zeros(int... shape) {
        return Tensor.full(shape, 0.0, DType.FLOAT32, device());
    }

    private List<Tensor> sequences(JsonNode shapes) {
        List<Tensor> out = new ArrayList<>();
        shapes.forEach(s -> out.add(zeros(s)));
        return out;
    }

    @Test
    void permutationsArePyTorchs() {
        backend();
        Tensor data = Tensor.full(new int[] {5, 1}, 1.0, DType.FLOAT64, device());
        for (JsonNode c : golden().get("permutations")) {
            long[] p = longs(c.get("permutation"));
            Tensor perm = Tensor.of(p, p.length).to(device());
            String what = "invert_permutation " + c.get("permutation");
            if (!c.get("error").isNull()) {
                IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                        () -> RnnUtils.invertPermutation(perm), what);
                assertTrue(ex.getMessage().contains(c.get("error").get("message").asText()), ex.getMessage());
                continue;
            }
            assertArrayEquals(longs(c.get("inverse")), RnnUtils.invertPermutation(perm).toLongArray(), what);
            PackedSequence q = new PackedSequence(data.narrow(0, 0, p.length), Tensor.of(new long[] {p.length}, 1), perm,
                    null);
            assertArrayEquals(longs(c.get("inverse")), q.unsortedIndices().toLongArray(), what + ": PackedSequence");
        }
        assertNull(RnnUtils.invertPermutation(null));
        PackedSequence p = RnnUtils.packSequence(List.of(data, data.narrow(0, 0, 2)), true);
        PackedSequence f = p.to(DType.FLOAT32);
        assertEquals(DType.FLOAT32, f.data().dtype());
        assertSame(p.batchSizes(), f.batchSizes());
        assertSame(p, p.to(DType.FLOAT64));
        assertSame(p, p.to(device()));
        assertTrue(p.toString().startsWith("PackedSequence(data=tensor("), p.toString());
        assertTrue(p.toString().endsWith("sorted_indices=None, unsorted_indices=None)"), p.toString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // RNN, LSTM and GRU on packed input

    @TestFactory
    Stream<DynamicTest> packedRecurrentLayersArePyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("packed_rnn")) {
            String name = c.get("kind").asText() + " " + c.get("dtype").asText() + " seed " + c.get("seed").asInt() + " "
                    + c.get("config");
            tests.add(DynamicTest.dynamicTest(name, () -> checkPackedRnn(name, c)));
        }
        return tests.stream();
    }

    private RNNBase makeRnn(String kind, JsonNode cfg, DType dtype, Generator g) {
        int in = cfg.get("input_size").asInt();
        int hidden = cfg.get("hidden_size").asInt();
        int layers = cfg.get("num_layers").asInt();
        boolean bias = cfg.get("bias").asBoolean();
        boolean bf = cfg.get("batch_first").asBoolean();
        double p = cfg.get("dropout").asDouble();
        boolean bid = cfg.get("bidirectional").asBoolean();
        return switch (kind) {
            case "RNN" -> new RNN(in, hidden, layers, cfg.get("nonlinearity").asText(), bias, bf, p, bid, g, dtype, device());
            case "LSTM" -> new LSTM(in, hidden, layers, bias, bf, p, bid,
                    cfg.has("proj_size") ? cfg.get("proj_size").asInt() : 0, g, dtype, device());
            default -> new GRU(in, hidden, layers, bias, bf, p, bid, g, dtype, device());
        };
    }

    private static RNNBase.PackedOutput forwardPacked(RNNBase m, PackedSequence p, Tensor h0, Tensor c0) {
        if (m instanceof LSTM l) {
            return l.forwardPacked(p, h0, c0);
        }
        return m instanceof GRU g ? g.forwardPacked(p, h0) : ((RNN) m).forwardPacked(p, h0);
    }

    private void checkPackedRnn(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        JsonNode cfg = c.get("config");
        RNNBase m = makeRnn(c.get("kind").asText(), cfg, dtype, new Generator(c.get("seed").asLong()));
        Map<String, Tensor> params = m.namedParameters();
        c.get("params").fields().forEachRemaining(p -> assertClose(name + ": initial " + p.getKey(),
                Golden.numbers(p.getValue()), params.get(p.getKey()).toDoubleArray(), 0, true));
        if (cfg.has("training") && !cfg.get("training").asBoolean()) {
            m.eval();
        }
        Map<String, Tensor> in = leaves(c.get("inputs"), dtype);
        long[] lengths = longs(cfg.get("lengths"));
        PackedSequence p = RnnUtils.packPaddedSequence(in.get("x"), lengths, cfg.get("batch_first").asBoolean(),
                cfg.get("enforce_sorted").asBoolean());
        Generator.manualSeedDefault(cfg.has("dropout_seed") ? cfg.get("dropout_seed").asLong() : 0);
        RNNBase.PackedOutput o = forwardPacked(m, p, in.get("h0"), in.get("c0"));
        assertArrayEquals(longs(c.get("batch_sizes")), o.output().batchSizes().toLongArray(), name + ": batch_sizes");
        assertSame(p.sortedIndices(), o.output().sortedIndices(), name + ": sorted_indices");
        assertSame(p.unsortedIndices(), o.output().unsortedIndices(), name + ": unsorted_indices");
        List<Tensor> outs = o.cN() == null ? List.of(o.output().data(), o.hN())
                : List.of(o.output().data(), o.hN(), o.cN());
        List<String> names = new ArrayList<>();
        c.get("results").fieldNames().forEachRemaining(names::add);
        assertEquals(names.size(), outs.size(), name + ": number of results");
        double rtol = rtol(dtype, RNN_RTOL_F64, RNN_RTOL_F32);
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            JsonNode r = c.get("results").get(names.get(i));
            Tensor t = outs.get(i);
            String what = name + ": " + names.get(i);
            assertArrayEquals(Golden.ints(r.get("value").get("shape")), t.shape(), what + " shape");
            assertClose(what, Golden.numbers(r.get("value").get("data")), t.toDoubleArray(), rtol, false);
            assertEquals(r.get("grad_fn").asText(), t.gradFn().name(), what + " grad_fn");
            Tensor term = t.mul(Tensor.of(Golden.numbers(r.get("c")), dtype, device(), t.shape())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        checkGrads(name, c.get("grads"), in, params, rtol);
    }

    @Test
    void packedRecurrentErrorsArePyTorchs() {
        backend();
        for (JsonNode e : golden().get("packed_rnn_errors")) {
            String kind = e.get("kind").asText();
            JsonNode kw = e.get("kwargs");
            Generator g = new Generator(0);
            DType f32 = DType.FLOAT32;
            PackedSequence p = RnnUtils.packPaddedSequence(zeros(e.get("shape")), longs(e.get("lengths")));
            List<Tensor> hs = new ArrayList<>();
            if (!e.get("hidden_shapes").isNull()) {
                e.get("hidden_shapes").forEach(s -> hs.add(zeros(s)));
            }
            Tensor h = hs.isEmpty() ? null : hs.get(0);
            Tensor c = hs.size() > 1 ? hs.get(1) : null;
            int layers = kw.has("num_layers") ? kw.get("num_layers").asInt() : 1;
            int proj = kw.has("proj_size") ? kw.get("proj_size").asInt() : 0;
            Runnable call = switch (kind) {
                case "RNN" -> () -> new RNN(3, 4, layers, "tanh", true, false, 0, false, g, f32, device()).forwardPacked(p, h);
                case "GRU" -> () -> new GRU(3, 4, layers, true, false, 0, false, g, f32, device()).forwardPacked(p, h);
                default -> () -> new LSTM(3, 4, layers, true, false, 0, false, proj, g, f32, device()).forwardPacked(p, h, c);
            };
            String what = kind + " " + kw + " packed " + e.get("shape") + " hidden " + e.get("hidden_shapes");
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run, what);
            String expected = kind + ": " + e.get("error").get("message").asText();
            assertTrue(ex.getMessage().startsWith(expected), what + ": expected <" + expected + ">, got <"
                    + ex.getMessage() + ">");
        }
    }

    @Test
    void packedGradcheckFloat64() {
        backend();
        DType f64 = DType.FLOAT64;
        LSTM lstm = new LSTM(2, 3, 2, true, true, 0, true, 0, new Generator(6), f64, device());
        GRU gru = new GRU(2, 2, 1, true, false, 0, true, new Generator(7), f64, device());
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.2, 0.5, 0.05, 0.6, -0.3, 0.8}, f64, device(),
                3, 2, 2).requiresGrad_(true);
        Tensor h0 = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.0, -0.5, 0.2, 0.1, -0.1, 0.3, 0.6, -0.4, 0.2, 0.5,
            -0.3, 0.1, 0.0, 0.2, -0.6, 0.4, 0.3, -0.2, 0.1, 0.7}, f64, device(), 4, 2, 3).requiresGrad_(true);
        Tensor c0 = h0.detach().mul(0.5).requiresGrad_(true);
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0, c0));
        inputs.add(lstm.getParameter("weight_hh_l1_reverse"));
        inputs.add(lstm.getParameter("bias_ih_l0"));
        assertTrue(GradCheck.gradcheck(in -> {
            PackedSequence p = RnnUtils.packPaddedSequence(in[0], new long[] {2, 3}, false, false);
            RNNBase.PackedOutput o = lstm.forwardPacked(p, in[1], in[2]);
            Tensor y = RnnUtils.padPackedSequence(o.output(), true, 0.0, 4).output();
            return y.sum().add(o.hN().mul(o.hN()).sum()).add(o.cN().mul(o.cN()).sum());
        }, inputs.toArray(new Tensor[0])), lstm.toString());
        Tensor xs = x.detach().transpose(0, 1).contiguous().requiresGrad_(true);   // [2, 3, 2], batch first
        assertTrue(GradCheck.gradcheck(in -> {
            PackedSequence p = RnnUtils.packPaddedSequence(in[0], new long[] {3, 1}, true, true);
            RNNBase.PackedOutput o = gru.forwardPacked(p, null);
            return o.output().data().mul(o.output().data()).sum().add(o.hN().sum());
        }, xs, gru.getParameter("weight_ih_l0"), gru.getParameter("bias_hh_l0_reverse")), gru.toString());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // nn.utils and Embedding.from_pretrained

    @Test
    void parameterVectorsArePyTorchs() {
        backend();
        for (JsonNode c : golden().get("vectors")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            List<Tensor> ps = new ArrayList<>();
            JsonNode shapes = c.get("shapes");
            int offset = 0;
            double[] all = Golden.numbers(c.get("vector").get("data"));
            for (JsonNode s : shapes) {
                int[] shape = Golden.ints(s);
                int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                ps.add(Tensor.of(Arrays.copyOfRange(all, offset, offset + n), dtype, device(), shape).requiresGrad_(true));
                offset += n;
            }
            Tensor v = Utils.parametersToVector(ps);
            String name = "parameters_to_vector " + c.get("dtype").asText();
            assertClose(name, all, v.toDoubleArray(), 0, true);
            assertEquals(c.get("grad_fn").asText(), v.gradFn().name(), name);
            v.mul(Tensor.of(Golden.numbers(c.get("c")), dtype, device(), v.shape())).sum().backward();
            for (int i = 0; i < ps.size(); i++) {
                assertClose(name + ": gradient " + i, Golden.numbers(c.get("grads").get(i)), ps.get(i).grad().toDoubleArray(),
                        0, true);
            }
            Tensor fresh = Golden.tensor(c.get("new"), dtype, device());
            Tensor keep = ps.get(0);
            Tensor grad = keep.grad();
            Utils.vectorToParameters(fresh, ps);
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(Golden.ints(c.get("after").get(i).get("shape")), ps.get(i).shape());
                assertClose("vector_to_parameters " + i, Golden.numbers(c.get("after").get(i).get("data")),
                        ps.get(i).toDoubleArray(), 0, true);
                assertEquals(c.get("after_requires_grad").get(i).asBoolean(), ps.get(i).requiresGrad());
            }
            assertSame(grad, keep.grad(), "the gradient stays");
            try (GradMode.Scope ignored = GradMode.noGrad()) {   // the parameters share the vector's storage
                fresh.mul_(Tensor.full(new int[0], 2.0, dtype, device()));
            }
            assertEquals(2 * Golden.numbers(c.get("after").get(0).get("data"))[0], ps.get(0).toDoubleArray()[0]);
            double[] before = ps.get(1).toDoubleArray();
            assertThrows(IllegalArgumentException.class, () -> Utils.vectorToParameters(
                    Tensor.full(new int[] {3}, 1.0, dtype, device()), ps));
            assertClose("unchanged after a refused vector", before, ps.get(1).toDoubleArray(), 0, true);
            assertThrows(IllegalArgumentException.class, () -> Utils.vectorToParameters(null, ps));
        }
    }

    @Test
    void embeddingFromPretrainedIsPyTorchs() {
        backend();
        for (JsonNode c : golden().get("embedding")) {
            DType dtype = Golden.dtype(c.get("dtype"));
            String name = "from_pretrained " + c.get("dtype").asText() + " freeze " + c.get("freeze") + " padding_idx "
                    + c.get("padding_idx") + " max_norm " + c.get("max_norm");
            Tensor w = Golden.tensor(c.get("weight"), dtype, device());
            int pad = c.get("padding_idx").isNull() ? Embedding.NO_PADDING : c.get("padding_idx").asInt();
            double maxNorm = c.get("max_norm").isNull() ? Embedding.NO_MAX_NORM : c.get("max_norm").asDouble();
            Embedding m = Embedding.fromPretrained(w, c.get("freeze").asBoolean(), pad, maxNorm, 2.0);
            assertEquals(c.get("repr").asText(), m.toString(), name + ": repr");
            assertEquals(c.get("requires_grad").asBoolean(), m.weight().requiresGrad(), name + ": requires_grad");
            Tensor idx = Tensor.of(longs(c.get("index")), Golden.ints(c.get("index_shape"))).to(device());
            Tensor y = m.forward(idx);
            assertClose(name, Golden.numbers(c.get("value").get("data")), y.toDoubleArray(), 0, true);
            assertClose(name + ": weight after", Golden.numbers(c.get("weight_after").get("data")),
                    m.weight().toDoubleArray(), 0, true);
            assertClose(name + ": shared", m.weight().toDoubleArray(), w.toDoubleArray(), 0, true);
            if (c.get("grad_fn").isNull()) {
                assertNull(y.gradFn(), name + ": grad_fn");
                continue;
            }
            assertEquals(c.get("grad_fn").asText(), y.gradFn().name(), name + ": grad_fn");
            y.mul(Tensor.of(Golden.numbers(c.get("c")), dtype, device(), y.shape())).sum().backward();
            assertClose(name + ": gradient", Golden.numbers(c.get("grad")), m.weight().grad().toDoubleArray(), 0, true);
        }
        for (JsonNode e : golden().get("embedding_errors")) {
            int pad = e.get("padding_idx").isNull() ? Embedding.NO_PADDING : e.get("padding_idx").asInt();
            Tensor w = zeros(e.get("shape"));
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> Embedding.fromPretrained(w, true, pad, Embedding.NO_MAX_NORM, 2.0), e.toString());
            String expected = e.get("error").get("message").asText();
            assertTrue(ex.getMessage().contains(expected), "expected <" + expected + ">, got <" + ex.getMessage() + ">");
        }
    }
}
