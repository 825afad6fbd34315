package org.mf4j.jmh;

import java.util.concurrent.TimeUnit;
import org.mf4j.api.AdamConfig;
import org.mf4j.api.AlsConfig;
import org.mf4j.api.LinearSolver;
import org.mf4j.api.Ratings;
import org.mf4j.api.SgdConfig;
import org.mf4j.api.WalsConfig;
import org.mf4j.data.GeneratorConfig;
import org.mf4j.data.PlantedRatingsGenerator;
import org.mf4j.kernel.KernelProvider;
import org.mf4j.kernel.Kernels;
import org.mf4j.solver.TrainingRun;
import org.mf4j.solver.als.AlsTrainer;
import org.mf4j.solver.als.WalsTrainer;
import org.mf4j.solver.sgd.AdamTrainer;
import org.mf4j.solver.sgd.SgdTrainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One iteration (epoch) of every solver, so that a release can be compared against the last one solver
 * by solver: explicit ALS (Cholesky, CG), weighted ALS (Cholesky, CG; w0 = 1, linear confidence), SGD
 * (AdaGrad) and Adam, on the same planted data as {@link AlsIterationBenchmark} (8,000 × 4,000,
 * ≈ 400,000 ratings), built once in {@code @Setup}; each invocation continues from the previous one's
 * factors, as iterations do. <b>Flops per op = the run's {@link TrainingRun#flopsPerIteration()}</b>
 * (secondary metric {@code flops}); ops/s is iterations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SolverIterationBenchmark {
  @Param({"als_cholesky", "als_cg", "wals_cholesky", "wals_cg", "sgd", "adam"})
  String solver;

  @Param({"16", "64", "128"})
  int K;

  @Param({"1", "2"})
  int threads;

  @Param({"panama"})
  String kernels;

  TrainingRun run;
  long flops;

  @Setup
  public void setup() {
    Ratings train = PlantedRatingsGenerator.generate(GeneratorConfig.DEFAULT.withSize(8000, 4000, 400_000).withSeed(7)).ratings();
    Kernels k = KernelProvider.forName(kernels);
    run = switch (solver) {
      case "als_cholesky" -> new AlsTrainer(AlsConfig.defaults().withRank(K).withThreads(threads), k).start(train, null);
      case "als_cg" -> new AlsTrainer(AlsConfig.defaults().withRank(K).withThreads(threads).withSolver(LinearSolver.CG, 3), k).start(train, null);
      case "wals_cholesky" -> new WalsTrainer(WalsConfig.implicitDefaults().withRank(K).withThreads(threads), k).start(train);
      case "wals_cg" -> new WalsTrainer(WalsConfig.implicitDefaults().withRank(K).withThreads(threads).withSolver(LinearSolver.CG, 3), k)
          .start(train);
      case "sgd" -> new SgdTrainer(SgdConfig.defaults().withRank(K).withThreads(threads), k).start(train, null);
      case "adam" -> new AdamTrainer(AdamConfig.defaults().withRank(K).withThreads(threads), k).start(train, null);
      default -> throw new IllegalArgumentException("solver " + solver);
    };
    flops = Math.round(run.flopsPerIteration());
  }

  @TearDown
  public void tearDown() {
    run.close();
  }

  @Benchmark
  public double iteration(FlopCounter counter) {
    counter.flops += flops;
    return run.iterate();
  }
}
