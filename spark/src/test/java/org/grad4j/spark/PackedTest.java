package org.grad4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.junit.jupiter.api.Test;

class PackedTest {
    static final float[] F = {1.1f, -0.0f, Float.MIN_VALUE, -3.4e38f, 0.1f, 7f};
    static final double[] D = {0.1, -0.0, Double.MIN_VALUE, -1.7e308, 1 / 3.0};

    static List<Tensor> params() {
        return List.of(Tensor.of(F, DType.FLOAT32, Device.CPU, 2, 3), Tensor.of(D, DType.FLOAT64, Device.CPU, 5));
    }

    @Test
    void valuesArriveBitForBitInTheirDtype() {
        List<Tensor> src = params();
        byte[] bytes = Packed.pack(src, false);
        assertEquals(6 * 4 + 5 * 8, bytes.length, "float32 as 4 bytes, float64 as 8");
        List<Tensor> dst = List.of(Tensor.zeros(new int[] {2, 3}, DType.FLOAT32),
                Tensor.zeros(new int[] {5}, DType.FLOAT64));
        Packed.unpackInto(bytes, dst);
        float[] f = dst.get(0).toFloatArray();
        for (int i = 0; i < F.length; i++) {
            assertEquals(Float.floatToRawIntBits(F[i]), Float.floatToRawIntBits(f[i]), "float32 [" + i + "]");
        }
        double[] d = dst.get(1).toDoubleArray();
        for (int i = 0; i < D.length; i++) {
            assertEquals(Double.doubleToRawLongBits(D[i]), Double.doubleToRawLongBits(d[i]), "float64 [" + i + "]");
        }
    }

    @Test
    void gradientsSumInDoubleInTheGivenOrder() {
        List<Tensor> ps = params();
        ps.get(0).setGrad(Tensor.of(F, DType.FLOAT32, Device.CPU, 2, 3));
        // the float64 parameter has no gradient: packed as zeros
        byte[] g = Packed.pack(ps, true);
        double[][] sum = {new double[6], new double[5]};
        Packed.addTo(g, ps, sum, true);
        // the first partition is assigned, so its negative zero stays negative
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(sum[0][1]));
        Packed.addTo(g, ps, sum, false);
        for (int i = 0; i < F.length; i++) {
            assertEquals((double) F[i] + (double) F[i], sum[0][i], 0.0, "[" + i + "]");
        }
        assertArrayEquals(new double[5], sum[1]);
    }

    @Test
    void rejectsBytesOfAnotherArchitecture() {
        List<Tensor> ps = params();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Packed.unpackInto(new byte[8], ps));
        assertTrue(e.getMessage().contains("received 8 bytes for parameters that take 64"), e.getMessage());
    }
}
