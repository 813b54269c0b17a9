package org.grad4j.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.grad4j.DType;
import org.grad4j.Linalg;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradCheck;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The second part of {@link Linalg} against PyTorch 1.13 ({@code golden/linalg2.json.gz}, made by
 * {@code tools/golden/linalg2_golden.py}): lu_factor(_ex), lu, lu_unpack, lu_solve, solve_triangular,
 * triangular_solve, cholesky_solve, cholesky_inverse, the _ex variants, solve(left=False), matrix_exp,
 * householder_product, geqrf, tensorinv, tensorsolve, cond and diagonal: values, gradients, grad_fn names and errors,
 * as {@link LinalgConformance} checks them; then finite differences where the golden cases cannot reach.
 */
public abstract class Linalg2Conformance extends DeviceConformance {

    private static boolean bool(JsonNode a, String key) {
        return a.get(key).asBoolean();
    }

    private static String part(JsonNode a) {
        return a.get("part").asText();
    }

    static Tensor apply(String op, JsonNode a, Tensor[] in) {
        Tensor x = in[0];
        return switch (op) {
            case "lu_factor" -> {
                Linalg.LuFactor r = a.has("pivot") ? Linalg.luFactor(x, bool(a, "pivot")) : Linalg.luFactor(x);
                yield part(a).equals("LU") ? r.lu() : r.pivots();
            }
            case "lu_factor_ex" -> {
                Linalg.LuFactorEx r = bool(a, "check_errors") ? Linalg.luFactorEx(x, true, true) : Linalg.luFactorEx(x);
                yield switch (part(a)) {
                    case "LU" -> r.lu();
                    case "pivots" -> r.pivots();
                    default -> r.info();
                };
            }
            case "lu" -> lu(part(a), bool(a, "pivot") ? Linalg.lu(x) : Linalg.lu(x, false));
            case "lu_unpack" -> lu(part(a), bool(a, "unpack_data") && bool(a, "unpack_pivots") ? Linalg.luUnpack(x, in[1])
                    : Linalg.luUnpack(x, in[1], bool(a, "unpack_data"), bool(a, "unpack_pivots")));
            case "lu_solve" -> bool(a, "left") && !bool(a, "adjoint") ? Linalg.luSolve(x, in[1], in[2])
                    : Linalg.luSolve(x, in[1], in[2], bool(a, "left"), bool(a, "adjoint"));
            case "solve_triangular" -> bool(a, "left") && !bool(a, "unitriangular")
                    ? Linalg.solveTriangular(x, in[1], bool(a, "upper"))
                    : Linalg.solveTriangular(x, in[1], bool(a, "upper"), bool(a, "left"), bool(a, "unitriangular"));
            case "triangular_solve" -> {
                Linalg.TriangularSolve r = bool(a, "upper") && !bool(a, "transpose") && !bool(a, "unitriangular")
                        ? x.triangularSolve(in[1])
                        : x.triangularSolve(in[1], bool(a, "upper"), bool(a, "transpose"), bool(a, "unitriangular"));
                yield part(a).equals("solution") ? r.solution() : r.clonedCoefficient();
            }
            case "cholesky_solve" -> bool(a, "upper") ? Linalg.choleskySolve(x, in[1], true) : x.choleskySolve(in[1]);
            case "cholesky_inverse" -> bool(a, "upper") ? Linalg.choleskyInverse(x, true) : x.choleskyInverse();
            case "cholesky_ex" -> {
                Linalg.CholeskyEx r = bool(a, "upper") || bool(a, "check_errors")
                        ? Linalg.choleskyEx(x, bool(a, "upper"), bool(a, "check_errors")) : Linalg.choleskyEx(x);
                yield part(a).equals("L") ? r.l() : r.info();
            }
            case "inv_ex" -> {
                Linalg.InvEx r = bool(a, "check_errors") ? Linalg.invEx(x, true) : Linalg.invEx(x);
                yield part(a).equals("inverse") ? r.inverse() : r.info();
            }
            case "solve_ex" -> {
                Linalg.SolveEx r = bool(a, "left") && !bool(a, "check_errors") ? Linalg.solveEx(x, in[1])
                        : Linalg.solveEx(x, in[1], bool(a, "left"), bool(a, "check_errors"));
                yield part(a).equals("result") ? r.result() : r.info();
            }
            case "solve" -> Linalg.solve(x, in[1], bool(a, "left"));
            case "matrix_exp" -> Linalg.matrixExp(x);
            case "matrix_exp_tensor" -> x.matrixExp();
            case "householder_product" -> Linalg.householderProduct(x, in[1]);
            case "geqrf" -> part(a).equals("a") ? x.geqrf().a() : Linalg.geqrf(x).tau();
            case "tensorinv" -> a.get("ind").asInt() == 2 ? Linalg.tensorinv(x) : Linalg.tensorinv(x, a.get("ind").asInt());
            case "tensorsolve" -> a.get("dims").isNull() ? Linalg.tensorsolve(x, in[1])
                    : Linalg.tensorsolve(x, in[1], Golden.ints(a.get("dims")));
            case "cond" -> {
                JsonNode p = a.get("p");
                if (p.isNull()) {
                    yield Linalg.cond(x);
                }
                String s = p.asText();
                yield s.equals("fro") || s.equals("nuc") || s.equals("foo") ? Linalg.cond(x, s)
                        : Linalg.cond(x, Golden.number(p));
            }
            case "diagonal" -> a.get("offset").asInt() == 0 && a.get("dim1").asInt() == -2 && a.get("dim2").asInt() == -1
                    ? Linalg.diagonal(x) : Linalg.diagonal(x, a.get("offset").asInt(), a.get("dim1").asInt(),
                    a.get("dim2").asInt());
            default -> throw new AssertionError("golden op '" + op + "' has no mapping in Linalg2Conformance.apply");
        };
    }

    private static Tensor lu(String part, Linalg.Lu r) {
        return switch (part) {
            case "P" -> r.p();
            case "L" -> r.l();
            default -> r.u();
        };
    }

    @TestFactory
    List<DynamicTest> linalg2MatchesPyTorch() {
        backend();   // skips when the device is unavailable
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : Golden.load("linalg2.json.gz").get("cases")) {
            String name = i++ + " " + c.get("dtype").asText() + " " + c.get("op").asText() + c.get("args");
            tests.add(DynamicTest.dynamicTest(name, () -> LinalgConformance.checkCase(c, device(), Linalg2Conformance::apply)));
        }
        return tests;
    }

    /** A float64 leaf of fixed, full-rank values in {@code [lo, hi)}, plus {@code diag} on the diagonal. */
    private Tensor leaf(double lo, double hi, double diag, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] v = new double[n];
        int cols = shape[shape.length - 1];
        int rows = shape.length > 1 ? shape[shape.length - 2] : 1;
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * ((i * i * 0.618033988749895 + i * 0.3819 + 0.1) % 1.0);
            int r = (i / cols) % rows;
            if (shape.length > 1 && r == i % cols) {
                v[i] += diag;
            }
        }
        return Tensor.of(v, DType.FLOAT64, device(), shape).requiresGrad_(true);
    }

    private DynamicTest grad(String name, Function<Tensor[], Tensor> fn, Tensor... in) {
        return DynamicTest.dynamicTest(name, () -> assertTrue(GradCheck.gradcheck(fn, in)));
    }

    @TestFactory
    List<DynamicTest> gradientsMatchFiniteDifferences() {
        backend();
        List<DynamicTest> l = new ArrayList<>();
        l.add(grad("lu wide", in -> {
            Linalg.Lu r = Linalg.lu(in[0]);
            return r.l().sum().add(r.u().mul(r.u()).sum());
        }, leaf(-1, 1, 3, 3, 5)));
        l.add(grad("lu tall", in -> {
            Linalg.Lu r = Linalg.lu(in[0]);
            return r.l().mul(r.l()).sum().add(r.u().sum());
        }, leaf(-1, 1, 3, 5, 3)));
        l.add(grad("lu_solve adjoint right", in -> {
            Linalg.LuFactor f = Linalg.luFactor(in[0]);
            return Linalg.luSolve(f.lu(), f.pivots(), in[1], false, true);
        }, leaf(-1, 1, 3, 2, 3, 3), leaf(-1, 1, 0, 2, 3)));
        l.add(grad("matrix_exp scaled", in -> Linalg.matrixExp(in[0]), leaf(-2, 2, 0, 3, 3)));
        l.add(grad("householder_product", in -> Linalg.householderProduct(in[0], in[1]), leaf(-1, 1, 0, 4, 3),
                leaf(0.5, 1.5, 0, 2)));
        l.add(grad("cholesky_solve upper", in -> Linalg.choleskySolve(in[0], in[1].triu(), true), leaf(-1, 1, 0, 3, 2),
                leaf(-0.3, 0.3, 2, 3, 3)));
        return l;
    }

    @Test
    void luReconstructsItsInput() {
        backend();
        Tensor a = leaf(-2, 2, 0, 2, 5, 5).detach();
        Linalg.Lu r = Linalg.lu(a);
        Tensor back = r.p().matmul(r.l()).matmul(r.u());
        DeviceConformance.assertClose("P L U", a.toDoubleArray(), back.toDoubleArray(), 1e-12, false, i -> true);
        Linalg.LuFactor f = Linalg.luFactor(a);
        Linalg.Lu u = Linalg.luUnpack(f.lu(), f.pivots());
        assertArrayEquals(r.p().toDoubleArray(), u.p().toDoubleArray(), 0.0);
        assertEquals(DType.INT32, f.pivots().dtype());
    }

    @Test
    void refusesBadPivotsAndNulls() {
        backend();
        Tensor a = leaf(-2, 2, 3, 3, 3).detach();
        Tensor bad = Tensor.of(new int[] {3, 4, 3}, 3).to(device());
        assertThrows(IllegalArgumentException.class, () -> Linalg.luUnpack(a, bad));
        assertThrows(IllegalArgumentException.class, () -> Linalg.luSolve(a, bad, a));
        assertThrows(IllegalArgumentException.class, () -> Linalg.luFactor(null));
        assertThrows(IllegalArgumentException.class, () -> Linalg.solveTriangular(a, null, true));
    }
}
