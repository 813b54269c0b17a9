package org.grad4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {
    static Module linear() {
        return new Linear(3, 1, true, new Generator(3), DType.FLOAT64, Device.CPU);
    }

    static Dataset<Row> frame() {
        java.util.Random r = new java.util.Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            double y = 2 * x[0] - x[1] + 0.5 * x[2] + 3;
            rows.add(RowFactory.create((long) i, new double[] {x[0], x[1], x[2]}, y));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", DataTypes.DoubleType, false);
        return LocalSpark.spark().createDataFrame(rows, schema).repartition(2);
    }

    @Test
    void trainsOnADataFrameAndPredictsWithMapPartitionsAndSql(@TempDir Path dir) throws Exception {
        Dataset<Row> df = frame().cache();
        DataParallel dp = new DataParallel(PredictorTest::linear, (y, t) -> new MSELoss().forward(y, t),
                params -> new SGD(params, 0.3)).batchSizePerPartition(50);
        Module trained = dp.fit(df, "features", "label", 40);
        double[] w = trained.namedParameters().get("weight").toDoubleArray();
        assertArrayEquals(new double[] {2, -1, 0.5}, w, 1e-4, "the plane y = 2a - b + c/2 + 3 was learned");

        Path weights = dir.resolve("linear.safetensors");
        Safetensors.save(weights, trained);
        Predictor predictor = new Predictor(PredictorTest::linear, weights.toString());
        List<Row> out = predictor.transform(df, "features", "prediction").collectAsList();
        assertEquals(200, out.size());
        predictor.register(LocalSpark.spark(), "linear_model");
        df.createOrReplaceTempView("points");
        List<Row> sql = LocalSpark.spark()
                .sql("SELECT id, linear_model(features) AS p FROM points ORDER BY id").collectAsList();
        assertEquals(200, sql.size());
        java.util.Map<Long, Double> bySql = new java.util.HashMap<>();
        for (Row row : sql) {
            bySql.put(row.getLong(0), (Double) row.getList(1).get(0));
        }
        for (Row row : out) {
            List<Double> f = row.getList(1);
            double[] x = {f.get(0), f.get(1), f.get(2)};
            double expected;
            try (GradMode.Scope s = GradMode.noGrad()) {
                expected = trained.forward(Tensor.of(x, DType.FLOAT64, Device.CPU, 1, 3)).toDoubleArray()[0];
            }
            List<Double> p = row.getList(3);
            assertEquals(1, p.size());
            assertEquals(expected, p.get(0), 1e-12 * Math.max(1, Math.abs(expected)), "mapPartitions, row " + row);
            assertEquals(expected, bySql.get(row.getLong(0)), 1e-12 * Math.max(1, Math.abs(expected)),
                    "SQL UDF, row " + row);
        }
    }

    @Test
    void namesMissingColumns() {
        Predictor predictor = new Predictor(PredictorTest::linear, "unused.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> predictor.transform(frame(), "x", "prediction"));
        assertEquals("Predictor.transform: expected a Dataset with column 'x', got [id, features, label]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.samples(frame(), "features", "y"));
    }
}
