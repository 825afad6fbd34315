package org.mf4j.spark;

import java.util.Locale;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib's ALS on a train/test split, as the reference {@code mf4j bench --compare spark} measures
 * mf4j against: {@code local[T]}, the given rank and regParam (Spark's count-scaled λ, ALS-WR), no
 * implicit preferences. Fits once with 1 iteration and once with N, so that the time per iteration is
 * (fit(N) − fit(1)) / (N − 1) — Spark builds one lazy lineage, so stage times are not iteration
 * boundaries — and prints one JSON line: the two fit times, the per-iteration estimate and the test RMSE
 * of the N-iteration model (cold-start rows dropped). An untimed 1-iteration fit comes first, so that
 * class loading and compilation fall in neither.
 *
 * <p>Arguments: {@code train.tsv test.tsv rank regParam iterations threads checkpointDir}; files are
 * {@code user<TAB>item<TAB>rating} with integer ids.
 */
public final class SparkAlsReference {
  private SparkAlsReference() {}

  public static void main(String[] args) {
    if (args.length != 7) {
      System.err.println("usage: SparkAlsReference train.tsv test.tsv rank regParam iterations threads checkpointDir");
      System.exit(2);
    }
    String train = args[0], test = args[1], checkpoint = args[6];
    int rank = Integer.parseInt(args[2]), iterations = Integer.parseInt(args[4]), threads = Integer.parseInt(args[5]);
    double reg = Double.parseDouble(args[3]);
    SparkSession spark = SparkSession.builder().master("local[" + threads + "]").appName("mf4j-bench-spark-als")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", Integer.toString(threads))
        .config("spark.driver.memory", "8g").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    spark.sparkContext().setCheckpointDir(checkpoint); // long lineages otherwise overflow the stack
    StructType schema = new StructType().add("user", DataTypes.IntegerType).add("item", DataTypes.IntegerType)
        .add("rating", DataTypes.FloatType);
    Dataset<Row> tr = spark.read().option("sep", "\t").schema(schema).csv(train).cache();
    Dataset<Row> te = spark.read().option("sep", "\t").schema(schema).csv(test).cache();
    long trainRows = tr.count(), testRows = te.count();
    ALS als = new ALS().setUserCol("user").setItemCol("item").setRatingCol("rating").setRank(rank).setRegParam(reg)
        .setNumUserBlocks(threads).setNumItemBlocks(threads).setSeed(42).setColdStartStrategy("drop").setCheckpointInterval(10);
    als.setMaxIter(1).fit(tr).userFactors().count(); // untimed: class loading and JIT, which would otherwise land in fit(1)
    long t0 = System.nanoTime();
    ALSModel one = als.setMaxIter(1).fit(tr);
    one.userFactors().count(); // fit is lazy in parts: force the factors
    double fit1 = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    ALSModel model = als.setMaxIter(iterations).fit(tr);
    model.userFactors().count();
    double fitN = (System.nanoTime() - t0) / 1e9;
    double rmse = new RegressionEvaluator().setMetricName("rmse").setLabelCol("rating").setPredictionCol("prediction")
        .evaluate(model.transform(te));
    System.out.println(String.format(Locale.ROOT,
        "{\"spark\": \"%s\", \"train_ratings\": %d, \"test_ratings\": %d, \"rank\": %d, \"reg_param\": %s, \"iterations\": %d,"
            + " \"threads\": %d, \"fit_1_seconds\": %.4f, \"fit_n_seconds\": %.4f, \"seconds_per_iteration\": %.4f, \"test_rmse\": %.6f}",
        spark.version(), trainRows, testRows, rank, reg, iterations, threads, fit1, fitN,
        iterations > 1 ? (fitN - fit1) / (iterations - 1) : fitN, rmse));
    spark.stop();
  }
}
