package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward values and gradients of single ops against PyTorch 1.13 ({@code golden/torch_ops.json}): the
 * gradient is that of {@code (out * w).sum()} for a fixed random {@code w}, so every element counts.
 * float64 within 1e-12 relative, float32 within 1e-5; forward values of ops that are one correctly
 * rounded IEEE operation per element (add, mul, div, sqrt, views, ...) must be bit-equal.
 */
public abstract class GoldenOpsConformance extends DeviceConformance {

    static Tensor apply(String op, JsonNode args, Tensor[] in) {
        Tensor a = in[0];
        double s = args.has("scalar") ? Golden.number(args.get("scalar")) : Double.NaN;
        return switch (op) {
            case "add" -> a.add(in[1]);
            case "sub" -> a.sub(in[1]);
            case "mul" -> a.mul(in[1]);
            case "div" -> a.div(in[1]);
            case "pow" -> a.pow(in[1]);
            case "maximum" -> a.maximum(in[1]);
            case "minimum" -> a.minimum(in[1]);
            case "add_scalar" -> a.add(s);
            case "sub_scalar" -> a.sub(s);
            case "mul_scalar" -> a.mul(s);
            case "div_scalar" -> a.div(s);
            case "rsub" -> a.rsub(s);
            case "pow_scalar" -> a.pow(s);
            case "neg" -> a.neg();
            case "exp" -> a.exp();
            case "log" -> a.log();
            case "sqrt" -> a.sqrt();
            case "abs" -> a.abs();
            case "relu" -> a.relu();
            case "tanh" -> a.tanh();
            case "sigmoid" -> a.sigmoid();
            case "matmul" -> a.matmul(in[1]);
            case "sum" -> a.sum();
            case "mean" -> a.mean();
            case "max" -> a.max();
            case "sum_dims" -> a.sum(Golden.ints(args.get("dims")), args.get("keepdim").asBoolean());
            case "mean_dims" -> a.mean(Golden.ints(args.get("dims")), args.get("keepdim").asBoolean());
            case "max_dim" -> a.max(args.get("dim").asInt(), args.get("keepdim").asBoolean()).values();
            case "reshape" -> a.reshape(Golden.ints(args.get("shape")));
            case "transpose" -> a.transpose(args.get("dim0").asInt(), args.get("dim1").asInt());
            case "t" -> a.t();
            case "unsqueeze" -> a.unsqueeze(args.get("dim").asInt());
            case "squeeze" -> a.squeeze();
            case "squeeze_dim" -> a.squeeze(args.get("dim").asInt());
            case "expand" -> a.expand(Golden.ints(args.get("sizes")));
            case "select" -> a.select(args.get("dim").asInt(), args.get("index").asInt());
            case "narrow" -> a.narrow(args.get("dim").asInt(), args.get("start").asInt(), args.get("length").asInt());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in the suite");
        };
    }

    static String describe(JsonNode c) {
        StringBuilder sb = new StringBuilder(c.get("dtype").asText()).append(' ').append(c.get("op").asText());
        if (c.get("args").size() > 0) {
            sb.append(c.get("args"));
        }
        String sep = " ";
        for (JsonNode in : c.get("inputs")) {
            sb.append(sep).append(in.get("shape"));
            sep = "x";
        }
        return sb.toString();
    }

    void check(JsonNode c) {
        DType dtype = Golden.dtype(c.get("dtype"));
        String name = describe(c);
        JsonNode inputs = c.get("inputs");
        Tensor[] in = new Tensor[inputs.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = Golden.tensor(inputs.get(i), dtype, device()).requiresGrad_(true);
        }
        Tensor out = apply(c.get("op").asText(), c.get("args"), in);
        JsonNode expected = c.get("out");
        assertArrayEquals(Golden.ints(expected.get("shape")), out.shape(), name + ": output shape");
        assertClose(name + ": forward", Golden.numbers(expected.get("data")), out.toDoubleArray(), rtol(dtype),
                c.get("exact").asBoolean());
        out.mul(Golden.tensor(c.get("w"), dtype, device())).sum().backward();
        for (int i = 0; i < in.length; i++) {
            Tensor g = in[i].grad();
            assertNotNull(g, name + ": input " + i + " got no gradient");
            JsonNode eg = c.get("grads").get(i);
            assertArrayEquals(Golden.ints(eg.get("shape")), g.shape(), name + ": gradient shape of input " + i);
            assertClose(name + ": gradient of input " + i, Golden.numbers(eg.get("data")), g.toDoubleArray(), rtol(dtype), false);
        }
    }

    @TestFactory
    List<DynamicTest> opsMatchPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : Golden.load("torch_ops.json").get("cases")) {
            tests.add(DynamicTest.dynamicTest(describe(c), () -> check(c)));
        }
        return tests;
    }
}
