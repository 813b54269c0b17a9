package com.example;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Linear;
import org.grad4j.nn.MSELoss;
import org.grad4j.nn.Module;
import org.grad4j.optim.SGD;
import org.grad4j.spark.DataParallel;
import org.grad4j.spark.Predictor;

/**
 * The README's cluster recipe as an application: trains y = 2a - b + c/2 + 3 with {@link DataParallel}
 * (checkpoints every 50 steps into {@code args[0]/ckpt}), saves the model, prints its exact values,
 * then scores the frame with {@code mapPartitions} and with a SQL function. With {@code args[1]} = {@code direct}
 * the steps run through {@link DataParallel#directExchange} (one barrier job) instead of one Spark job each.
 */
public final class Train {
    static Module linear() {
        return new Linear(3, 1, true, new Generator(0), DType.FLOAT64, Device.CPU);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        boolean direct = args.length > 1 && args[1].equals("direct");
        SparkSession spark = SparkSession.builder().appName("grad4j-recipe").getOrCreate();
        Random r = new Random(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            rows.add(RowFactory.create(x, 2 * x[0] - x[1] + 0.5 * x[2] + 3));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
                .add("label", DataTypes.DoubleType, false);
        // parallelize slices deterministically; a repartition() shuffle would not fix the row order
        JavaSparkContext jsc = new JavaSparkContext(spark.sparkContext());
        Dataset<Row> df = spark.createDataFrame(jsc.parallelize(rows, 2), schema).cache();

        long t0 = System.nanoTime();
        Module trained = new DataParallel(Train::linear, (y, t) -> new MSELoss().forward(y, t),
                params -> SGD.builder(params, 0.05).momentum(0.9).build())
            .batchSizePerPartition(256)
            .checkpoint(dir.resolve("ckpt"), 50)
            .directExchange(direct)
            .fit(df, "features", "label", 200);
        System.out.printf("fit took %d ms (%s)%n", (System.nanoTime() - t0) / 1_000_000,
                direct ? "direct exchange" : "one job per step");
        Path model = dir.resolve("model.safetensors");
        Safetensors.save(model, trained);
        System.out.println("final weight " + Arrays.toString(trained.namedParameters().get("weight").toDoubleArray())
                + " bias " + Arrays.toString(trained.namedParameters().get("bias").toDoubleArray()));

        Predictor p = new Predictor(Train::linear, model.toString());
        p.transform(df, "features", "prediction").show(3, false);
        p.register(spark, "my_model");
        df.createOrReplaceTempView("t");
        spark.sql("SELECT label, my_model(features) AS p FROM t LIMIT 3").show(false);
        spark.stop();
    }
}
