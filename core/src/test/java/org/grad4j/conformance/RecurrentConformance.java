package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.grad4j.nn.GRU;
import org.grad4j.nn.GRUCell;
import org.grad4j.nn.LSTM;
import org.grad4j.nn.LSTMCell;
import org.grad4j.nn.LayerNorm;
import org.grad4j.nn.Module;
import org.grad4j.nn.MultiheadAttention;
import org.grad4j.nn.RNN;
import org.grad4j.nn.RNNBase;
import org.grad4j.nn.RNNCell;
import org.grad4j.nn.TransformerEncoder;
import org.grad4j.nn.TransformerEncoderLayer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Recurrent layers and attention against PyTorch 1.13 ({@code golden/rnn.json.gz}, made by
 * {@code tools/golden/rnn_golden.py}): RNNCell, LSTMCell, GRUCell, RNN, LSTM and GRU, with every option (bias,
 * nonlinearity, layers, batch first, dropout in training and eval, bidirectional, given or zero initial states,
 * unbatched input); MultiheadAttention (kdim/vdim, bias, batch first, dropout, bool and float masks of both kinds,
 * need_weights, average_attn_weights, self- and cross-attention, unbatched input, add_bias_kv, add_zero_attn); TransformerEncoderLayer and
 * TransformerEncoder (activations, norm first, batch first, dropout, masks, final norm, eval).
 * <ul>
 *   <li>initial parameters (same seed), their names and order, reprs and state-dict keys: equal;</li>
 *   <li>outputs, final states and the gradients of the input, the initial states and every parameter of
 *       {@code sum(out * c)}: float64 within {@link #RTOL_F64}, float32 within {@link #RTOL_F32} (relative, with
 *       the absolute floor of {@link DeviceConformance#assertClose});</li>
 *   <li>grad_fn names equal, but for a batch-first output: PyTorch transposes it in place
 *       ({@code TransposeBackward1}), grad4j out of place ({@code TransposeBackward0});</li>
 *   <li>PyTorch's errors for wrong shapes and options (the message contains PyTorch's);</li>
 *   <li>gradcheck of every module in float64.</li>
 * </ul>
 */
public abstract class RecurrentConformance extends DeviceConformance {
    /**
     * float64 tolerance. The arithmetic follows PyTorch's CPU order (whole-sequence input projection by addmm, then
     * per step {@code linear(h, w_hh, b_hh) + ih}, the gates as PyTorch chunks them), and the products agree; but
     * grad4j's tanh and sigmoid are not bit-equal to PyTorch's vectorised ones (the op table marks them inexact), so
     * outputs differ by about 1 ulp: every case passes at 6.1e-16 on the CPU (worst 6.0e-16, relative to
     * {@code |e| + max(1, max|e|)}); 2e-15 leaves room for other devices.
     */
    static final double RTOL_F64 = 2e-15;
    /** float32 tolerance: every case passes at 3.2e-7 on the CPU (worst 3.1e-7). */
    static final double RTOL_F32 = 1e-6;
    /**
     * MultiheadAttention's float64 tolerance: every case passes at 4.3e-16 on the CPU (worst 4.22e-16: softmax's exp
     * is not PyTorch's to the bit); 2e-15 leaves room for other devices.
     */
    static final double ATTENTION_RTOL_F64 = 2e-15;
    /** MultiheadAttention's float32 tolerance: every case passes at 2.1e-7 on the CPU (worst 2.07e-7). */
    static final double ATTENTION_RTOL_F32 = 1e-6;
    /**
     * The Transformer encoder's float64 tolerance (LayerNorm is composed, see {@link GoldenNnConformance}): every
     * case passes at 2.8e-15 on the CPU (worst 2.71e-15).
     */
    static final double TRANSFORMER_RTOL_F64 = 1e-14;
    /** The Transformer encoder's float32 tolerance: every case passes at 5.5e-7 on the CPU (worst 5.41e-7). */
    static final double TRANSFORMER_RTOL_F32 = 2e-6;

    private static JsonNode golden() {
        return Golden.load("rnn.json.gz");
    }

    /** The module of a golden case, drawn from {@code new Generator(seed)} as PyTorch's seeded constructor draws. */
    private Module make(String kind, JsonNode cfg, DType dtype, Generator g) {
        int in = cfg.get("input_size").asInt();
        int hidden = cfg.get("hidden_size").asInt();
        boolean bias = cfg.get("bias").asBoolean();
        return switch (kind) {
            case "RNNCell" -> new RNNCell(in, hidden, bias, cfg.get("nonlinearity").asText(), g, dtype, device());
            case "LSTMCell" -> new LSTMCell(in, hidden, bias, g, dtype, device());
            case "GRUCell" -> new GRUCell(in, hidden, bias, g, dtype, device());
            default -> {
                int layers = cfg.get("num_layers").asInt();
                boolean bf = cfg.get("batch_first").asBoolean();
                double p = cfg.get("dropout").asDouble();
                boolean bid = cfg.get("bidirectional").asBoolean();
                yield switch (kind) {
                    case "RNN" -> new RNN(in, hidden, layers, cfg.get("nonlinearity").asText(), bias, bf, p, bid, g, dtype, device());
                    case "LSTM" -> new LSTM(in, hidden, layers, bias, bf, p, bid,
                            cfg.has("proj_size") ? cfg.get("proj_size").asInt() : 0, g, dtype, device());
                    default -> new GRU(in, hidden, layers, bias, bf, p, bid, g, dtype, device());
                };
            }
        };
    }

    /** The outputs of a forward in PyTorch's order: h (, c) for a cell; output, h_n (, c_n) for a layer. */
    private static List<Tensor> forward(Module m, Tensor x, Tensor h0, Tensor c0) {
        if (m instanceof RNNCell c) {
            return List.of(c.forward(x, h0));
        } else if (m instanceof GRUCell c) {
            return List.of(c.forward(x, h0));
        } else if (m instanceof LSTMCell c) {
            LSTMCell.State s = c.forward(x, h0, c0);
            return List.of(s.h(), s.c());
        }
        RNNBase.Output o = m instanceof LSTM l ? l.forward(x, h0, c0)
                : m instanceof GRU gru ? gru.forward(x, h0) : ((RNN) m).forward(x, h0);
        return o.cN() == null ? List.of(o.output(), o.hN()) : List.of(o.output(), o.hN(), o.cN());
    }

    @TestFactory
    Stream<DynamicTest> cellsArePyTorchs() {
        backend();
        return cases(golden().get("cells"));
    }

    @TestFactory
    Stream<DynamicTest> layersArePyTorchs() {
        backend();
        return cases(golden().get("layers"));
    }

    private Stream<DynamicTest> cases(JsonNode cases) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.get("kind").asText() + " " + c.get("dtype").asText() + " seed " + c.get("seed").asInt()
                    + " " + c.get("config");
            tests.add(DynamicTest.dynamicTest(name, () -> check(name, c)));
        }
        return tests.stream();
    }

    private void check(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        JsonNode cfg = c.get("config");
        Module m = make(c.get("kind").asText(), cfg, dtype, new Generator(c.get("seed").asLong()));
        assertEquals(c.get("repr").asText(), m.toString(), name + ": repr");
        List<String> keys = new ArrayList<>();
        c.get("state_dict_keys").forEach(k -> keys.add(k.asText()));
        assertEquals(keys, new ArrayList<>(m.stateDict().keySet()), name + ": state-dict keys");
        Map<String, Tensor> params = m.namedParameters();
        List<String> names = new ArrayList<>();
        c.get("params").fieldNames().forEachRemaining(names::add);
        assertEquals(names, new ArrayList<>(params.keySet()), name + ": parameter names");
        for (String p : names) {
            assertClose(name + ": initial " + p, Golden.numbers(c.get("params").get(p)), params.get(p).toDoubleArray(), 0, true);
        }
        if (cfg.has("training") && !cfg.get("training").asBoolean()) {
            m.eval();
        }
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        c.get("inputs").fields().forEachRemaining(e -> leaves.put(e.getKey(),
                Golden.tensor(e.getValue(), dtype, device()).requiresGrad_(true)));
        Generator.manualSeedDefault(cfg.has("dropout_seed") ? cfg.get("dropout_seed").asLong() : 0);
        List<Tensor> outs = forward(m, leaves.get("x"), leaves.get("h0"), leaves.get("c0"));
        double rtol = dtype == DType.FLOAT64 ? RTOL_F64 : RTOL_F32;
        List<String> results = new ArrayList<>();
        c.get("results").fieldNames().forEachRemaining(results::add);
        assertEquals(results.size(), outs.size(), name + ": number of results");
        Tensor loss = null;
        for (int i = 0; i < outs.size(); i++) {
            JsonNode r = c.get("results").get(results.get(i));
            Tensor t = outs.get(i);
            String what = name + ": " + results.get(i);
            assertEquals(Golden.ints(r.get("value").get("shape")).length, t.dim(), what + " dims");
            assertTrue(java.util.Arrays.equals(Golden.ints(r.get("value").get("shape")), t.shape()), what + " shape");
            assertClose(what, Golden.numbers(r.get("value").get("data")), t.toDoubleArray(), rtol, false);
            String fn = r.get("grad_fn").asText();
            assertEquals("TransposeBackward1".equals(fn) ? "TransposeBackward0" : fn, t.gradFn().name(), what + " grad_fn");
            Tensor term = t.mul(Tensor.of(Golden.numbers(r.get("c")), dtype, device(), t.shape())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        c.get("grads").fields().forEachRemaining(e -> {
            String k = e.getKey();
            Tensor g = k.startsWith("param.") ? params.get(k.substring(6)).grad() : leaves.get(k).grad();
            assertClose(name + ": gradient of " + k, Golden.numbers(e.getValue()), g.toDoubleArray(), rtol, false);
        });
    }

    @Test
    void errorsArePyTorchs() {
        backend();
        for (JsonNode e : golden().get("errors")) {
            String kind = e.get("kind").asText();
            JsonNode kw = e.get("kwargs");
            Generator g = new Generator(0);
            DType f32 = DType.FLOAT32;
            Tensor x = Tensor.full(Golden.ints(e.get("input_shape")), 0.0, f32, device());
            List<Tensor> hs = new ArrayList<>();
            if (!e.get("hidden_shapes").isNull()) {
                e.get("hidden_shapes").forEach(s -> hs.add(Tensor.full(Golden.ints(s), 0.0, f32, device())));
            }
            Tensor h = hs.isEmpty() ? null : hs.get(0);
            Tensor c = hs.size() > 1 ? hs.get(1) : null;
            int layers = kw.has("num_layers") ? kw.get("num_layers").asInt() : 1;
            boolean bf = kw.has("batch_first") && kw.get("batch_first").asBoolean();
            boolean bid = kw.has("bidirectional") && kw.get("bidirectional").asBoolean();
            int proj = kw.has("proj_size") ? kw.get("proj_size").asInt() : 0;
            Runnable call = switch (kind) {
                case "RNNCell" -> () -> new RNNCell(3, 4, true, "tanh", g, f32, device()).forward(x, h);
                case "GRUCell" -> () -> new GRUCell(3, 4, true, g, f32, device()).forward(x, h);
                case "LSTMCell" -> () -> new LSTMCell(3, 4, true, g, f32, device()).forward(x, h, c);
                case "RNN" -> () -> new RNN(3, 4, layers, "tanh", true, bf, 0, bid, g, f32, device()).forward(x, h);
                case "GRU" -> () -> new GRU(3, 4, layers, true, bf, 0, bid, g, f32, device()).forward(x, h);
                default -> () -> new LSTM(3, 4, layers, true, bf, 0, bid, proj, g, f32, device()).forward(x, h, c);
            };
            String what = kind + " " + kw + " input " + e.get("input_shape") + " hidden " + e.get("hidden_shapes");
            if (e.get("error").isNull()) {
                call.run();
                continue;
            }
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run, what);
            String expected = e.get("error").get("message").asText();
            // PyTorch's assertions in the cells name the module already
            expected = expected.startsWith(kind + ": ") ? expected : kind + ": " + expected;
            assertTrue(ex.getMessage().startsWith(expected), what + ": expected PyTorch's message <"
                    + expected + ">, got <" + ex.getMessage() + ">");
        }
        for (JsonNode e : golden().get("constructor_errors")) {
            String kind = e.get("kind").asText();
            JsonNode kw = e.get("kwargs");
            String nl = kw.has("nonlinearity") ? kw.get("nonlinearity").asText() : "tanh";
            double p = kw.has("dropout") ? kw.get("dropout").asDouble() : 0;
            Generator g = new Generator(0);
            Runnable call = switch (kind) {
                case "RNNCell" -> () -> new RNNCell(3, 4, true, nl, g, DType.FLOAT32, device());
                case "RNN" -> () -> new RNN(3, 4, 1, nl, true, false, p, false, g, DType.FLOAT32, device());
                default -> () -> new LSTM(3, 4, 1, true, false, p, false,
                        kw.has("proj_size") ? kw.get("proj_size").asInt() : 0, g, DType.FLOAT32, device());
            };
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call::run, kind + " " + kw);
            String expected = e.get("error").get("message").asText();
            assertTrue(ex.getMessage().startsWith(kind + ": " + expected), kind + " " + kw + ": expected <" + expected
                    + ">, got <" + ex.getMessage() + ">");
        }
    }

    @Test
    void wrongDtypeIsRefusedAndNothingChanges() {
        backend();
        LSTM lstm = new LSTM(3, 4, 1, true, false, 0, false, new Generator(0), DType.FLOAT32, device());
        double[] before = lstm.getParameter("weight_ih_l0").toDoubleArray();
        Tensor x = Tensor.full(new int[] {2, 1, 3}, 1.0, DType.FLOAT64, device());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x));
        assertTrue(e.getMessage().contains("mat1 and mat2 must have the same dtype"), e.getMessage());
        assertClose("weight_ih_l0 unchanged", before, lstm.getParameter("weight_ih_l0").toDoubleArray(), 0, true);
        assertThrows(IllegalArgumentException.class, () -> new LSTMCell(3, 4).forward(Tensor.zeros(2, 3), Tensor.zeros(2, 4), null));
        assertThrows(IllegalArgumentException.class, () -> new GRU(3, 4).forward(null, null));
        assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4).forward(Tensor.zeros(5, 2, 3, 1, 1)));
    }

    @Test
    void gradcheckFloat64() {
        backend();
        DType f64 = DType.FLOAT64;
        Generator g = new Generator(5);
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.2, 0.5, 0.05, 0.6, -0.3, 0.8}, f64, device(), 2, 2, 3)
                .requiresGrad_(true);
        Tensor h = Tensor.of(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.2, -0.1}, f64, device(), 2, 2, 2)
                .requiresGrad_(true);
        Tensor c = h.detach().mul(Tensor.full(new int[0], -1.5, f64, device())).requiresGrad_(true);
        List<Module> modules = List.of(
                new RNN(3, 2, 1, "tanh", true, false, 0, true, g, f64, device()),
                new RNN(3, 2, 2, "relu", false, true, 0, false, g, f64, device()),
                new GRU(3, 2, 1, true, false, 0, true, g, f64, device()),
                new LSTM(3, 2, 2, true, true, 0, false, g, f64, device()));
        for (Module m : modules) {
            List<Tensor> ps = new ArrayList<>(m.parameters());
            Tensor[] inputs = new Tensor[3 + ps.size()];
            inputs[0] = x;
            inputs[1] = h;
            inputs[2] = c;
            for (int i = 0; i < ps.size(); i++) {
                inputs[3 + i] = ps.get(i);
            }
            assertTrue(GradCheck.gradcheck(in -> {
                List<Tensor> outs = forward(m, in[0], in[1], m instanceof LSTM ? in[2] : null);
                Tensor s = outs.get(0).sum();
                for (int i = 1; i < outs.size(); i++) {
                    s = s.add(outs.get(i).mul(outs.get(i)).sum());
                }
                return s;
            }, inputs), m.toString());
        }
        LSTM projected = new LSTM(3, 3, 2, true, false, 0, false, 2, g, f64, device());
        Tensor c3 = Tensor.of(new double[] {0.2, -0.3, 0.1, 0.5, -0.2, 0.4, 0.3, 0.1, -0.6, 0.2, 0.0, -0.1}, f64, device(),
                2, 2, 3).requiresGrad_(true);
        List<Tensor> pp = new ArrayList<>(projected.parameters());
        pp.add(0, c3);
        pp.add(0, h);
        pp.add(0, x);
        assertTrue(GradCheck.gradcheck(in -> {
            RNNBase.Output o = projected.forward(in[0], in[1], in[2]);
            return o.output().sum().add(o.hN().mul(o.hN()).sum()).add(o.cN().mul(o.cN()).sum());
        }, pp.toArray(new Tensor[0])), projected.toString());
        RNNCell rc = new RNNCell(3, 2, true, "tanh", g, f64, device());
        GRUCell gc = new GRUCell(3, 2, true, g, f64, device());
        LSTMCell lc = new LSTMCell(3, 2, true, g, f64, device());
        Tensor x2 = x.detach().select(0, 0).requiresGrad_(true);
        Tensor h2 = h.detach().select(0, 0).requiresGrad_(true);
        Tensor c2 = c.detach().select(0, 1).requiresGrad_(true);
        assertTrue(GradCheck.gradcheck(in -> rc.forward(in[0], in[1]).sum(), x2, h2, rc.weightIh(), rc.weightHh(), rc.biasIh()));
        assertTrue(GradCheck.gradcheck(in -> gc.forward(in[0], in[1]).sum(), x2, h2, gc.weightIh(), gc.weightHh(), gc.biasHh()));
        assertTrue(GradCheck.gradcheck(in -> {
            LSTMCell.State s = lc.forward(in[0], in[1], in[2]);
            return s.h().sum().add(s.c().mul(s.c()).sum());
        }, x2, h2, c2, lc.weightIh(), lc.weightHh(), lc.biasIh()));
    }

    @TestFactory
    Stream<DynamicTest> multiheadAttentionIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("mha")) {
            String name = "MultiheadAttention " + c.get("dtype").asText() + " seed " + c.get("seed").asInt() + " "
                    + c.get("config") + " " + c.get("call");
            tests.add(DynamicTest.dynamicTest(name, () -> checkAttention(name, c)));
        }
        return tests.stream();
    }

    private void checkAttention(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        JsonNode cfg = c.get("config");
        JsonNode call = c.get("call");
        int e = cfg.get("embed_dim").asInt();
        MultiheadAttention m = new MultiheadAttention(e, cfg.get("num_heads").asInt(), cfg.get("dropout").asDouble(),
                cfg.get("bias").asBoolean(), cfg.get("add_bias_kv").asBoolean(), cfg.get("add_zero_attn").asBoolean(),
                cfg.get("kdim").isNull() ? e : cfg.get("kdim").asInt(),
                cfg.get("vdim").isNull() ? e : cfg.get("vdim").asInt(), cfg.get("batch_first").asBoolean(),
                new Generator(c.get("seed").asLong()), dtype, device());
        assertEquals(c.get("repr").asText(), m.toString(), name + ": repr");
        List<String> keys = new ArrayList<>();
        c.get("state_dict_keys").forEach(k -> keys.add(k.asText()));
        assertEquals(keys, new ArrayList<>(m.stateDict().keySet()), name + ": state-dict keys");
        Map<String, Tensor> params = m.namedParameters();
        c.get("params").fields().forEachRemaining(p -> assertClose(name + ": initial " + p.getKey(),
                Golden.numbers(p.getValue()), params.get(p.getKey()).toDoubleArray(), 0, true));
        if (call.has("training") && !call.get("training").asBoolean()) {
            m.eval();
        }
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        c.get("inputs").fields().forEachRemaining(x -> leaves.put(x.getKey(),
                Golden.tensor(x.getValue(), dtype, device()).requiresGrad_(true)));
        Tensor q = leaves.get("query");
        Tensor k = leaves.getOrDefault("key", q);
        Tensor v = leaves.getOrDefault("value", k);
        Map<String, Tensor> masks = new LinkedHashMap<>();
        c.get("masks").fields().forEachRemaining(x -> {
            String dt = x.getValue().get("dtype").asText();
            Tensor t = Golden.tensor(x.getValue().get("value"), DType.FLOAT64, device());
            masks.put(x.getKey(), "bool".equals(dt) ? t.to(DType.BOOL) : t.to(Golden.dtype(x.getValue().get("dtype"))));
        });
        boolean needWeights = !call.has("need_weights") || call.get("need_weights").asBoolean();
        Generator.manualSeedDefault(c.get("seed").asLong() + 7);
        MultiheadAttention.Output o = m.forward(q, k, v, masks.get("key_padding_mask"), needWeights,
                masks.get("attn_mask"), !call.has("average") || call.get("average").asBoolean());
        double rtol = dtype == DType.FLOAT64 ? ATTENTION_RTOL_F64 : ATTENTION_RTOL_F32;
        Tensor loss = null;
        Tensor[] outs = {o.attnOutput(), o.attnOutputWeights()};
        String[] names = {"attn_output", "attn_output_weights"};
        assertEquals(c.get("results").has("attn_output_weights"), o.attnOutputWeights() != null, name + ": weights");
        for (int i = 0; i < 2; i++) {
            JsonNode r = c.get("results").get(names[i]);
            if (r == null) {
                continue;
            }
            Tensor t = outs[i];
            assertTrue(java.util.Arrays.equals(Golden.ints(r.get("value").get("shape")), t.shape()), name + ": " + names[i]
                    + " shape " + java.util.Arrays.toString(t.shape()));
            assertClose(name + ": " + names[i], Golden.numbers(r.get("value").get("data")), t.toDoubleArray(), rtol, false);
            assertEquals(r.get("grad_fn").asText(), t.gradFn().name(), name + ": " + names[i] + " grad_fn");
            Tensor term = t.mul(Tensor.of(Golden.numbers(r.get("c")), dtype, device(), t.shape())).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        c.get("grads").fields().forEachRemaining(x -> {
            String key = x.getKey();
            Tensor g = key.startsWith("param.") ? params.get(key.substring(6)).grad() : leaves.get(key).grad();
            assertClose(name + ": gradient of " + key, Golden.numbers(x.getValue()), g.toDoubleArray(), rtol, false);
        });
    }

    @Test
    void attentionErrorsArePyTorchs() {
        backend();
        for (JsonNode e : golden().get("mha_errors")) {
            JsonNode kw = e.get("kwargs");
            MultiheadAttention m = new MultiheadAttention(4, 2, 0.0, true, false, false, kw.has("kdim") ? kw.get("kdim").asInt() : 4,
                    kw.has("vdim") ? kw.get("vdim").asInt() : 4, false, new Generator(0), DType.FLOAT32, device());
            Tensor q = Tensor.full(Golden.ints(e.get("query")), 0.0, DType.FLOAT32, device());
            Tensor k = Tensor.full(Golden.ints(e.get("key")), 0.0, DType.FLOAT32, device());
            Tensor v = Tensor.full(Golden.ints(e.get("value")), 0.0, DType.FLOAT32, device());
            JsonNode ms = e.get("masks");
            Tensor am = ms.has("attn_mask") ? Tensor.full(Golden.ints(ms.get("attn_mask")), false) : null;
            Tensor kpm = ms.has("key_padding_mask") ? Tensor.full(Golden.ints(ms.get("key_padding_mask")), false) : null;
            String what = "MultiheadAttention " + e;
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> m.forward(q, k, v, kpm, true, am, true), what);
            String expected = "MultiheadAttention: " + e.get("error").get("message").asText();
            assertTrue(ex.getMessage().startsWith(expected), what + ": expected <" + expected + ">, got <" + ex.getMessage() + ">");
        }
    }

    @Test
    void attentionGradcheckFloat64() {
        backend();
        DType f64 = DType.FLOAT64;
        Generator g = new Generator(3);
        MultiheadAttention self = new MultiheadAttention(4, 2, 0.0, true, true, true, 4, 4, false, g, f64, device());
        MultiheadAttention cross = new MultiheadAttention(4, 2, 0.0, true, false, true, 3, 2, true, g, f64, device());
        Tensor x = Tensor.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9, -1.2, 0.5, 0.05, 0.6, -0.3, 0.8}, f64, device(), 3, 1, 4)
                .requiresGrad_(true);
        Tensor mask = Tensor.of(new double[] {0, -1, 0.5, 0, 0, -2, 1, 0, 0}, f64, device(), 3, 3);
        assertTrue(GradCheck.gradcheck(in -> {
            MultiheadAttention.Output o = self.forward(in[0], in[0], in[0], null, true, mask, false);
            return o.attnOutput().sum().add(o.attnOutputWeights().mul(o.attnOutputWeights()).sum());
        }, x, self.inProjWeight(), self.inProjBias(), self.outProj().weight(), self.getParameter("bias_k"),
                self.getParameter("bias_v")));
        Tensor q = x.detach().view(1, 3, 4).requiresGrad_(true);
        Tensor k = Tensor.of(new double[] {0.2, -0.1, 0.4, 0.7, 0.3, -0.6}, f64, device(), 1, 2, 3).requiresGrad_(true);
        Tensor v = Tensor.of(new double[] {1.0, -0.5, 0.25, 0.75}, f64, device(), 1, 2, 2).requiresGrad_(true);
        Tensor kpm = Tensor.of(new double[] {0, 1}, f64, device(), 1, 2).to(DType.BOOL);
        List<Tensor> ps = new ArrayList<>(cross.parameters());
        Tensor[] inputs = new Tensor[3 + ps.size()];
        inputs[0] = q;
        inputs[1] = k;
        inputs[2] = v;
        for (int i = 0; i < ps.size(); i++) {
            inputs[3 + i] = ps.get(i);
        }
        assertTrue(GradCheck.gradcheck(in -> cross.forward(in[0], in[1], in[2], kpm, false, null, true).attnOutput().sum(), inputs));
    }

    @TestFactory
    Stream<DynamicTest> transformerEncoderIsPyTorchs() {
        backend();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden().get("transformer")) {
            String name = "Transformer " + c.get("dtype").asText() + " seed " + c.get("seed").asInt() + " "
                    + c.get("config") + " " + c.get("call");
            tests.add(DynamicTest.dynamicTest(name, () -> checkTransformer(name, c)));
        }
        return tests.stream();
    }

    private void checkTransformer(String name, JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        JsonNode cfg = c.get("config");
        JsonNode call = c.get("call");
        int d = cfg.get("d_model").asInt();
        TransformerEncoderLayer layer = new TransformerEncoderLayer(d, cfg.get("nhead").asInt(),
                cfg.get("dim_feedforward").asInt(), cfg.get("dropout").asDouble(), cfg.get("activation").asText(),
                cfg.get("layer_norm_eps").asDouble(), cfg.get("batch_first").asBoolean(), cfg.get("norm_first").asBoolean(),
                new Generator(c.get("seed").asLong()), dtype, device());
        boolean stack = !cfg.get("layers").isNull();
        Module m = stack ? new TransformerEncoder(layer, cfg.get("layers").asInt(), cfg.get("norm").asBoolean()
                ? new LayerNorm(new int[] {d}, 1e-5, true, dtype, device()) : null) : layer;
        assertEquals(c.get("repr").asText(), m.toString(), name + ": repr");
        List<String> keys = new ArrayList<>();
        c.get("state_dict_keys").forEach(k -> keys.add(k.asText()));
        assertEquals(keys, new ArrayList<>(m.stateDict().keySet()), name + ": state-dict keys");
        Map<String, Tensor> params = m.namedParameters();
        c.get("params").fields().forEachRemaining(p -> assertClose(name + ": initial " + p.getKey(),
                Golden.numbers(p.getValue()), params.get(p.getKey()).toDoubleArray(), 0, true));
        if (call.has("training") && !call.get("training").asBoolean()) {
            m.eval();
        }
        Tensor x = Golden.tensor(c.get("x"), dtype, device()).requiresGrad_(true);
        Map<String, Tensor> masks = new LinkedHashMap<>();
        c.get("masks").fields().forEachRemaining(e -> {
            Tensor t = Golden.tensor(e.getValue().get("value"), DType.FLOAT64, device());
            masks.put(e.getKey(), "bool".equals(e.getValue().get("dtype").asText()) ? t.to(DType.BOOL)
                    : t.to(Golden.dtype(e.getValue().get("dtype"))));
        });
        Generator.manualSeedDefault(c.get("seed").asLong() + 7);
        Tensor y = stack ? ((TransformerEncoder) m).forward(x, masks.get("mask"), masks.get("key_padding_mask"))
                : layer.forward(x, masks.get("mask"), masks.get("key_padding_mask"));
        double rtol = dtype == DType.FLOAT64 ? TRANSFORMER_RTOL_F64 : TRANSFORMER_RTOL_F32;
        JsonNode r = c.get("y");
        assertTrue(java.util.Arrays.equals(Golden.ints(r.get("value").get("shape")), y.shape()), name + ": shape");
        assertClose(name + ": output", Golden.numbers(r.get("value").get("data")), y.toDoubleArray(), rtol, false);
        assertEquals(r.get("grad_fn").asText(), y.gradFn().name(), name + ": grad_fn");
        y.mul(Tensor.of(Golden.numbers(r.get("c")), dtype, device(), y.shape())).sum().backward();
        c.get("grads").fields().forEachRemaining(e -> {
            String key = e.getKey();
            Tensor g = key.startsWith("param.") ? params.get(key.substring(6)).grad() : x.grad();
            assertClose(name + ": gradient of " + key, Golden.numbers(e.getValue()), g.toDoubleArray(), rtol, false);
        });
    }

    @Test
    void encoderLayersAreIndependentCopies() {
        backend();
        TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, 6, 0.0, "relu", 1e-5, false, false,
                new Generator(1), DType.FLOAT64, device());
        TransformerEncoder enc = new TransformerEncoder(layer, 2, null);
        Tensor w0 = enc.getParameter("layers.0.linear1.weight");
        Tensor w1 = enc.getParameter("layers.1.linear1.weight");
        assertClose("copy", layer.getParameter("linear1.weight").toDoubleArray(), w0.toDoubleArray(), 0, true);
        assertTrue(w0 != w1 && w0 != layer.getParameter("linear1.weight"));
        try (org.grad4j.autograd.GradMode.Scope ignored = org.grad4j.autograd.GradMode.noGrad()) {
            w0.mul_(Tensor.full(new int[0], 2.0, DType.FLOAT64, device()));
        }
        assertClose("independent", layer.getParameter("linear1.weight").toDoubleArray(), w1.toDoubleArray(), 0, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(4, 2,
                6, 0.0, "tanh", 1e-5, false, false, new Generator(1), DType.FLOAT64, device()));
        assertTrue(e.getMessage().contains("activation should be relu/gelu, not tanh"), e.getMessage());
    }
}
